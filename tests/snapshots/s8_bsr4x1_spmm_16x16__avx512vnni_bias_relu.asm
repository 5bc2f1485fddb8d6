; kernel    s8_bsr4x1_spmm_16x16__avx512vnni_bias_relu
; plan      M=8 K=6 block=4x1 dtype=int8 target=avx512vnni mac=dpbusd gather tile=16x16 (rows x tokens) bias=true act=relu
; code      1408 bytes: 1240 of instructions (to 0x4d8), 168 of data (jump table, constants); emitted by dynasm
; weights   nnz 29 (32 stored in 8 blocks, 39.6% sparse), 48.55 code bytes per nonzero
; compile   (masked in snapshots)

                                ; prologue: load KernelArgs; exit unless group_begin < group_end <= groups; jump through jump_table to group_begin
00000000  488b8728000000        mov       rax,[rdi+args.group_begin]
00000007  4c8b9f30000000        mov       r11,[rdi+args.group_end]
0000000e  493bc3                cmp       rax,r11
00000011  0f83bd040000          jae       exit
00000017  4981fb01000000        cmp       r11,1
0000001e  0f87b0040000          ja        exit
00000024  488bb710000000        mov       rsi,[rdi+args.values]
0000002b  4c8b8718000000        mov       r8,[rdi+args.bias]
00000032  488d159f040000        lea       rdx,[jump_table]
00000039  48630c82              movsxd    rcx,[rdx+rax*4]
0000003d  4801ca                add       rdx,rcx
00000040  ffe2                  jmp       rdx
group_0:                        ; output rows 0..8 (row-blocks 0..2); load X, Y and the panel count
00000042  4c8b8f00000000        mov       r9,[rdi+args.x]
00000049  4c8b9708000000        mov       r10,[rdi+args.y]
00000050  488b8f20000000        mov       rcx,[rdi+args.panels]
00000057  4885c9                test      rcx,rcx
0000005a  0f8468040000          je        done_0
panel_loop_0:                   ; one panel of 16 tokens per iteration: zero the 16x16 accumulator tile
00000060  488d1599040000        lea       rdx,[constants]
00000067  62f17c48100a          vmovups   zmm1,[rdx]
0000006d  62f17c48105201        vmovups   zmm2,[rdx+0x40]
00000074  488d9600020000        lea       rdx,[rsi+0x200]
0000007b  62a17d40efc0          vpxord    zmm16,zmm16,zmm16
00000081  62a17540efc9          vpxord    zmm17,zmm17,zmm17
00000087  62a16d40efd2          vpxord    zmm18,zmm18,zmm18
0000008d  62a16540efdb          vpxord    zmm19,zmm19,zmm19
00000093  62a15d40efe4          vpxord    zmm20,zmm20,zmm20
00000099  62a15540efed          vpxord    zmm21,zmm21,zmm21
0000009f  62a14d40eff6          vpxord    zmm22,zmm22,zmm22
000000a5  62a14540efff          vpxord    zmm23,zmm23,zmm23
000000ab  62013d40efc0          vpxord    zmm24,zmm24,zmm24
000000b1  62013540efc9          vpxord    zmm25,zmm25,zmm25
000000b7  62012d40efd2          vpxord    zmm26,zmm26,zmm26
000000bd  62012540efdb          vpxord    zmm27,zmm27,zmm27
000000c3  62011d40efe4          vpxord    zmm28,zmm28,zmm28
000000c9  62011540efed          vpxord    zmm29,zmm29,zmm29
000000cf  62010d40eff6          vpxord    zmm30,zmm30,zmm30
000000d5  62010540efff          vpxord    zmm31,zmm31,zmm31
                                ; k=0,1,3,4 gathered: weight words 0..4 for block (0, 0)
000000db  c4c1781001            vmovups   xmm0,[r9]
000000e0  62d37d4838410101      vinserti32x4 zmm0,zmm0,[r9+0x10],1
000000e8  62d37d4838410302      vinserti32x4 zmm0,zmm0,[r9+0x30],2
000000f0  62d37d4838410403      vinserti32x4 zmm0,zmm0,[r9+0x40],3
000000f8  62f2754836c0          vpermd    zmm0,zmm1,zmm0
000000fe  62f27d4800c2          vpshufb   zmm0,zmm0,zmm2
00000104  62e27d58504280        vpdpbusd  zmm16,zmm0,[rdx-0x200]{1to16}
0000010b  62e27d58504a81        vpdpbusd  zmm17,zmm0,[rdx-0x1fc]{1to16}
00000112  62e27d58505282        vpdpbusd  zmm18,zmm0,[rdx-0x1f8]{1to16}
00000119  62e27d58505a83        vpdpbusd  zmm19,zmm0,[rdx-0x1f4]{1to16}
                                ; k=1,2,4,5 gathered: weight words 4..8 for block (1, 1)
00000120  c4c178104110          vmovups   xmm0,[r9+0x10]
00000126  62d37d4838410201      vinserti32x4 zmm0,zmm0,[r9+0x20],1
0000012e  62d37d4838410402      vinserti32x4 zmm0,zmm0,[r9+0x40],2
00000136  62d37d4838410503      vinserti32x4 zmm0,zmm0,[r9+0x50],3
0000013e  62f2754836c0          vpermd    zmm0,zmm1,zmm0
00000144  62f27d4800c2          vpshufb   zmm0,zmm0,zmm2
0000014a  62e27d58506284        vpdpbusd  zmm20,zmm0,[rdx-0x1f0]{1to16}
00000151  62e27d58506a85        vpdpbusd  zmm21,zmm0,[rdx-0x1ec]{1to16}
00000158  62e27d58507286        vpdpbusd  zmm22,zmm0,[rdx-0x1e8]{1to16}
0000015f  62e27d58507a87        vpdpbusd  zmm23,zmm0,[rdx-0x1e4]{1to16}
                                ; epilogue: dequantize (acc·s_w·s_x + bias + offset·comp), relu, transpose 16x16, store to Y; next panel
00000166  62d17c48106102        vmovups   zmm4,[r9+0x80]
0000016d  62d17c48106903        vmovups   zmm5,[r9+0xc0]
00000174  62a17c485bc0          vcvtdq2ps zmm16,zmm16
0000017a  62c17c505900          vmulps    zmm16,zmm16,[r8]{1to16}
00000180  62c25d58a84020        vfmadd213ps zmm16,zmm4,[r8+0x80]{1to16}
00000187  62c25558b84010        vfmadd231ps zmm16,zmm5,[r8+0x40]{1to16}
0000018e  62a17c485bc9          vcvtdq2ps zmm17,zmm17
00000194  62c17450594801        vmulps    zmm17,zmm17,[r8+4]{1to16}
0000019b  62c25d58a84821        vfmadd213ps zmm17,zmm4,[r8+0x84]{1to16}
000001a2  62c25558b84811        vfmadd231ps zmm17,zmm5,[r8+0x44]{1to16}
000001a9  62a17c485bd2          vcvtdq2ps zmm18,zmm18
000001af  62c16c50595002        vmulps    zmm18,zmm18,[r8+8]{1to16}
000001b6  62c25d58a85022        vfmadd213ps zmm18,zmm4,[r8+0x88]{1to16}
000001bd  62c25558b85012        vfmadd231ps zmm18,zmm5,[r8+0x48]{1to16}
000001c4  62a17c485bdb          vcvtdq2ps zmm19,zmm19
000001ca  62c16450595803        vmulps    zmm19,zmm19,[r8+0xc]{1to16}
000001d1  62c25d58a85823        vfmadd213ps zmm19,zmm4,[r8+0x8c]{1to16}
000001d8  62c25558b85813        vfmadd231ps zmm19,zmm5,[r8+0x4c]{1to16}
000001df  62a17c485be4          vcvtdq2ps zmm20,zmm20
000001e5  62c15c50596004        vmulps    zmm20,zmm20,[r8+0x10]{1to16}
000001ec  62c25d58a86024        vfmadd213ps zmm20,zmm4,[r8+0x90]{1to16}
000001f3  62c25558b86014        vfmadd231ps zmm20,zmm5,[r8+0x50]{1to16}
000001fa  62a17c485bed          vcvtdq2ps zmm21,zmm21
00000200  62c15450596805        vmulps    zmm21,zmm21,[r8+0x14]{1to16}
00000207  62c25d58a86825        vfmadd213ps zmm21,zmm4,[r8+0x94]{1to16}
0000020e  62c25558b86815        vfmadd231ps zmm21,zmm5,[r8+0x54]{1to16}
00000215  62a17c485bf6          vcvtdq2ps zmm22,zmm22
0000021b  62c14c50597006        vmulps    zmm22,zmm22,[r8+0x18]{1to16}
00000222  62c25d58a87026        vfmadd213ps zmm22,zmm4,[r8+0x98]{1to16}
00000229  62c25558b87016        vfmadd231ps zmm22,zmm5,[r8+0x58]{1to16}
00000230  62a17c485bff          vcvtdq2ps zmm23,zmm23
00000236  62c14450597807        vmulps    zmm23,zmm23,[r8+0x1c]{1to16}
0000023d  62c25d58a87827        vfmadd213ps zmm23,zmm4,[r8+0x9c]{1to16}
00000244  62c25558b87817        vfmadd231ps zmm23,zmm5,[r8+0x5c]{1to16}
0000024b  62f17d48efc0          vpxord    zmm0,zmm0,zmm0
00000251  62a17c485fc0          vmaxps    zmm16,zmm0,zmm16
00000257  62a17c485fc9          vmaxps    zmm17,zmm0,zmm17
0000025d  62a17c485fd2          vmaxps    zmm18,zmm0,zmm18
00000263  62a17c485fdb          vmaxps    zmm19,zmm0,zmm19
00000269  62a17c485fe4          vmaxps    zmm20,zmm0,zmm20
0000026f  62a17c485fed          vmaxps    zmm21,zmm0,zmm21
00000275  62a17c485ff6          vmaxps    zmm22,zmm0,zmm22
0000027b  62a17c485fff          vmaxps    zmm23,zmm0,zmm23
00000281  62b17c4014c1          vunpcklps zmm0,zmm16,zmm17
00000287  62b17c4015c9          vunpckhps zmm1,zmm16,zmm17
0000028d  62b16c4014d3          vunpcklps zmm2,zmm18,zmm19
00000293  62b16c4015db          vunpckhps zmm3,zmm18,zmm19
00000299  62b15c4014e5          vunpcklps zmm4,zmm20,zmm21
0000029f  62b15c4015ed          vunpckhps zmm5,zmm20,zmm21
000002a5  62b14c4014f7          vunpcklps zmm6,zmm22,zmm23
000002ab  62b14c4015ff          vunpckhps zmm7,zmm22,zmm23
000002b1  62113c4014c1          vunpcklps zmm8,zmm24,zmm25
000002b7  62113c4015c9          vunpckhps zmm9,zmm24,zmm25
000002bd  62112c4014d3          vunpcklps zmm10,zmm26,zmm27
000002c3  62112c4015db          vunpckhps zmm11,zmm26,zmm27
000002c9  62111c4014e5          vunpcklps zmm12,zmm28,zmm29
000002cf  62111c4015ed          vunpckhps zmm13,zmm28,zmm29
000002d5  62110c4014f7          vunpcklps zmm14,zmm30,zmm31
000002db  62110c4015ff          vunpckhps zmm15,zmm30,zmm31
000002e1  62e1fd4814c2          vunpcklpd zmm16,zmm0,zmm2
000002e7  62e1fd4815ca          vunpckhpd zmm17,zmm0,zmm2
000002ed  62e1f54814d3          vunpcklpd zmm18,zmm1,zmm3
000002f3  62e1f54815db          vunpckhpd zmm19,zmm1,zmm3
000002f9  62e1dd4814e6          vunpcklpd zmm20,zmm4,zmm6
000002ff  62e1dd4815ee          vunpckhpd zmm21,zmm4,zmm6
00000305  62e1d54814f7          vunpcklpd zmm22,zmm5,zmm7
0000030b  62e1d54815ff          vunpckhpd zmm23,zmm5,zmm7
00000311  6241bd4814c2          vunpcklpd zmm24,zmm8,zmm10
00000317  6241bd4815ca          vunpckhpd zmm25,zmm8,zmm10
0000031d  6241b54814d3          vunpcklpd zmm26,zmm9,zmm11
00000323  6241b54815db          vunpckhpd zmm27,zmm9,zmm11
00000329  62419d4814e6          vunpcklpd zmm28,zmm12,zmm14
0000032f  62419d4815ee          vunpckhpd zmm29,zmm12,zmm14
00000335  6241954814f7          vunpcklpd zmm30,zmm13,zmm15
0000033b  6241954815ff          vunpckhpd zmm31,zmm13,zmm15
00000341  baff000000            mov       edx,0xff
00000346  c5f892ca              kmovw     k1,edx
0000034a  62b37d4023c444        vshuff32x4 zmm0,zmm16,zmm20,0x44
00000351  62b37d4023ccee        vshuff32x4 zmm1,zmm16,zmm20,0xee
00000358  62933d4023d444        vshuff32x4 zmm2,zmm24,zmm28,0x44
0000035f  62933d4023dcee        vshuff32x4 zmm3,zmm24,zmm28,0xee
00000366  62f37d4823e288        vshuff32x4 zmm4,zmm0,zmm2,0x88
0000036d  62d17c491122          vmovups   [r10]{k1},zmm4
00000373  62f37d4823eadd        vshuff32x4 zmm5,zmm0,zmm2,0xdd
0000037a  62d17c49116a02        vmovups   [r10+0x80]{k1},zmm5
00000381  62f3754823f388        vshuff32x4 zmm6,zmm1,zmm3,0x88
00000388  62d17c49117204        vmovups   [r10+0x100]{k1},zmm6
0000038f  62f3754823fbdd        vshuff32x4 zmm7,zmm1,zmm3,0xdd
00000396  62d17c49117a06        vmovups   [r10+0x180]{k1},zmm7
0000039d  62b3754023c544        vshuff32x4 zmm0,zmm17,zmm21,0x44
000003a4  62b3754023cdee        vshuff32x4 zmm1,zmm17,zmm21,0xee
000003ab  6293354023d544        vshuff32x4 zmm2,zmm25,zmm29,0x44
000003b2  6293354023ddee        vshuff32x4 zmm3,zmm25,zmm29,0xee
000003b9  62f37d4823e288        vshuff32x4 zmm4,zmm0,zmm2,0x88
000003c0  62d17c4911a220000000  vmovups   [r10+0x20]{k1},zmm4
000003ca  62f37d4823eadd        vshuff32x4 zmm5,zmm0,zmm2,0xdd
000003d1  62d17c4911aaa0000000  vmovups   [r10+0xa0]{k1},zmm5
000003db  62f3754823f388        vshuff32x4 zmm6,zmm1,zmm3,0x88
000003e2  62d17c4911b220010000  vmovups   [r10+0x120]{k1},zmm6
000003ec  62f3754823fbdd        vshuff32x4 zmm7,zmm1,zmm3,0xdd
000003f3  62d17c4911baa0010000  vmovups   [r10+0x1a0]{k1},zmm7
000003fd  62b36d4023c644        vshuff32x4 zmm0,zmm18,zmm22,0x44
00000404  62b36d4023ceee        vshuff32x4 zmm1,zmm18,zmm22,0xee
0000040b  62932d4023d644        vshuff32x4 zmm2,zmm26,zmm30,0x44
00000412  62932d4023deee        vshuff32x4 zmm3,zmm26,zmm30,0xee
00000419  62f37d4823e288        vshuff32x4 zmm4,zmm0,zmm2,0x88
00000420  62d17c49116201        vmovups   [r10+0x40]{k1},zmm4
00000427  62f37d4823eadd        vshuff32x4 zmm5,zmm0,zmm2,0xdd
0000042e  62d17c49116a03        vmovups   [r10+0xc0]{k1},zmm5
00000435  62f3754823f388        vshuff32x4 zmm6,zmm1,zmm3,0x88
0000043c  62d17c49117205        vmovups   [r10+0x140]{k1},zmm6
00000443  62f3754823fbdd        vshuff32x4 zmm7,zmm1,zmm3,0xdd
0000044a  62d17c49117a07        vmovups   [r10+0x1c0]{k1},zmm7
00000451  62b3654023c744        vshuff32x4 zmm0,zmm19,zmm23,0x44
00000458  62b3654023cfee        vshuff32x4 zmm1,zmm19,zmm23,0xee
0000045f  6293254023d744        vshuff32x4 zmm2,zmm27,zmm31,0x44
00000466  6293254023dfee        vshuff32x4 zmm3,zmm27,zmm31,0xee
0000046d  62f37d4823e288        vshuff32x4 zmm4,zmm0,zmm2,0x88
00000474  62d17c4911a260000000  vmovups   [r10+0x60]{k1},zmm4
0000047e  62f37d4823eadd        vshuff32x4 zmm5,zmm0,zmm2,0xdd
00000485  62d17c4911aae0000000  vmovups   [r10+0xe0]{k1},zmm5
0000048f  62f3754823f388        vshuff32x4 zmm6,zmm1,zmm3,0x88
00000496  62d17c4911b260010000  vmovups   [r10+0x160]{k1},zmm6
000004a0  62f3754823fbdd        vshuff32x4 zmm7,zmm1,zmm3,0xdd
000004a7  62d17c4911bae0010000  vmovups   [r10+0x1e0]{k1},zmm7
000004b1  4981c100010000        add       r9,0x100
000004b8  4981c200020000        add       r10,0x200
000004bf  48ffc9                dec       rcx
000004c2  0f8598fbffff          jne       panel_loop_0
done_0:
000004c8  48ffc0                inc       rax
000004cb  493bc3                cmp       rax,r11
000004ce  0f8300000000          jae       exit
exit:                           ; return
000004d4  c5f877                vzeroupper
000004d7  c3                    ret
jump_table:                     ; i32 offsets of the groups, from jump_table
000004d8  6afbffff              dd        group_0-jump_table
000004dc  cc x 36               ; padding
constants:                      ; vector constants (GELU's, or the gather's permutations)
00000500  00000000              dd        0.0, 6e-45, 1.1e-44, 1.7e-44, 1e-45, 7e-45, 1.3e-44, 1.8e-44  ; constants+0x0
00000520  02000000              dd        3e-45, 8e-45, 1.4e-44, 2e-44, 4e-45, 1e-44, 1.5e-44, 2.1e-44  ; constants+0x20
00000540  0004080c              dd        1.0478263e-31, 4.2222408e-31, 1.7012706e-30, 6.8545795e-30, 1.0478263e-31, 4.2222408e-31, 1.7012706e-30, 6.8545795e-30  ; constants+0x40
00000560  0004080c              dd        1.0478263e-31, 4.2222408e-31, 1.7012706e-30, 6.8545795e-30, 1.0478263e-31, 4.2222408e-31, 1.7012706e-30, 6.8545795e-30  ; constants+0x60
