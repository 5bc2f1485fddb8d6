; kernel    f32_bsr2x2_spmm_4x16__avx2_gelu
; plan      M=5 K=3 block=2x2 dtype=f32 target=avx2 mac=fma tile=4x16 (rows x tokens) bias=false act=gelu
; code      3616 bytes: 3016 of instructions (to 0xbc8), 600 of data (jump table, constants); emitted by dynasm
; weights   nnz 10 (10 stored in 4 blocks, 33.3% sparse), 361.60 code bytes per nonzero
; compile   (masked in snapshots)

                                ; prologue: load KernelArgs; exit unless group_begin < group_end <= groups; jump through jump_table to group_begin
00000000  488b8728000000        mov       rax,[rdi+args.group_begin]
00000007  4c8b9f30000000        mov       r11,[rdi+args.group_end]
0000000e  493bc3                cmp       rax,r11
00000011  0f83ad0b0000          jae       exit
00000017  4981fb02000000        cmp       r11,2
0000001e  0f87a00b0000          ja        exit
00000024  488bb710000000        mov       rsi,[rdi+args.values]
0000002b  4c8b8718000000        mov       r8,[rdi+args.bias]
00000032  488d158f0b0000        lea       rdx,[jump_table]
00000039  48630c82              movsxd    rcx,[rdx+rax*4]
0000003d  4801ca                add       rdx,rcx
00000040  ffe2                  jmp       rdx
group_0:                        ; output rows 0..4 (row-blocks 0..2); load X, Y and the panel count
00000042  4c8b8f00000000        mov       r9,[rdi+args.x]
00000049  4c8b9708000000        mov       r10,[rdi+args.y]
00000050  488d1531080000        lea       rdx,[group_1]
00000057  b90d000000            mov       ecx,0xd
prefetch_0:                     ; prefetch group_1's code into L2, a 64-byte line per iteration
0000005c  0f1812                prefetcht1 [rdx]
0000005f  4883c240              add       rdx,0x40
00000063  ffc9                  dec       ecx
00000065  75f5                  jne       prefetch_0
00000067  488b8f20000000        mov       rcx,[rdi+args.panels]
0000006e  4885c9                test      rcx,rcx
00000071  0f8405080000          je        done_0
00000077  90 x 9                nop       ; 9 bytes of alignment
panel_loop_0:                   ; one panel of 16 tokens per iteration: zero the 4x16 accumulator tile
00000080  488d9680000000        lea       rdx,[rsi+0x80]
00000087  c4e17c57c0            vxorps    ymm0,ymm0,ymm0
0000008c  c4e17457c9            vxorps    ymm1,ymm1,ymm1
00000091  c4e16c57d2            vxorps    ymm2,ymm2,ymm2
00000096  c4e16457db            vxorps    ymm3,ymm3,ymm3
0000009b  c4e15c57e4            vxorps    ymm4,ymm4,ymm4
000000a0  c4e15457ed            vxorps    ymm5,ymm5,ymm5
000000a5  c4e14c57f6            vxorps    ymm6,ymm6,ymm6
000000aa  c4e14457ff            vxorps    ymm7,ymm7,ymm7
                                ; k=0: weights 0..2 for block (0, 0)
000000af  c4417c108100000000    vmovups   ymm8,[r9]
000000b8  c4417c108920000000    vmovups   ymm9,[r9+0x20]
000000c1  c4627d185280          vbroadcastss ymm10,[rdx-0x80]
000000c7  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
000000cc  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
000000d1  c4627d185284          vbroadcastss ymm10,[rdx-0x7c]
000000d7  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
000000dc  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=1: weights 2..4 for block (0, 0)
000000e1  c4417c108140000000    vmovups   ymm8,[r9+0x40]
000000ea  c4417c108960000000    vmovups   ymm9,[r9+0x60]
000000f3  c4627d185288          vbroadcastss ymm10,[rdx-0x78]
000000f9  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
000000fe  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
00000103  c4627d18528c          vbroadcastss ymm10,[rdx-0x74]
00000109  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
0000010e  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=2: weights 4..6 for block (0, 1)
00000113  c4417c108180000000    vmovups   ymm8,[r9+0x80]
0000011c  c4417c1089a0000000    vmovups   ymm9,[r9+0xa0]
00000125  c4627d185290          vbroadcastss ymm10,[rdx-0x70]
0000012b  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
00000130  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
00000135  c4627d185294          vbroadcastss ymm10,[rdx-0x6c]
0000013b  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
00000140  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=2: weights 6..8 for block (1, 1)
00000145  c4627d185298          vbroadcastss ymm10,[rdx-0x68]
0000014b  c4c23db8e2            vfmadd231ps ymm4,ymm8,ymm10
00000150  c4c235b8ea            vfmadd231ps ymm5,ymm9,ymm10
00000155  c4627d18529c          vbroadcastss ymm10,[rdx-0x64]
0000015b  c4c23db8f2            vfmadd231ps ymm6,ymm8,ymm10
00000160  c4c235b8fa            vfmadd231ps ymm7,ymm9,ymm10
                                ; epilogue: gelu, transpose 4x8, store to Y; next panel
00000165  c57c5905730a0000      vmulps    ymm8,ymm0,[constants]
0000016d  c57c281d8b0a0000      vmovaps   ymm11,[constants+0x20]
00000175  c441245dc0            vminps    ymm8,ymm11,ymm8
0000017a  c57c281d9e0a0000      vmovaps   ymm11,[constants+0x40]
00000182  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000187  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000018c  c57c28158c0b0000      vmovaps   ymm10,[constants+0x140]
00000194  c46235a815630b0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000019d  c46235a8153a0b0000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000001a6  c46235a815110b0000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000001af  c46235a815e80a0000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000001b8  c46235a815bf0a0000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000001c1  c46235a815960a0000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000001ca  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000001cf  c57c281de90b0000      vmovaps   ymm11,[constants+0x1e0]
000001d7  c46235a81dc00b0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000001e0  c46235a81d970b0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000001e9  c46235a81d6e0b0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000001f2  c46235a81d450b0000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000001fb  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000200  c52c5d15d80b0000      vminps    ymm10,ymm10,[constants+0x200]
00000208  c52c5f15f00b0000      vmaxps    ymm10,ymm10,[constants+0x220]
00000210  c57c281d280a0000      vmovaps   ymm11,[constants+0x60]
00000218  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000021d  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
00000222  c5745905b6090000      vmulps    ymm8,ymm1,[constants]
0000022a  c57c281dce090000      vmovaps   ymm11,[constants+0x20]
00000232  c441245dc0            vminps    ymm8,ymm11,ymm8
00000237  c57c281de1090000      vmovaps   ymm11,[constants+0x40]
0000023f  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000244  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000249  c57c2815cf0a0000      vmovaps   ymm10,[constants+0x140]
00000251  c46235a815a60a0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000025a  c46235a8157d0a0000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000263  c46235a815540a0000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000026c  c46235a8152b0a0000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000275  c46235a815020a0000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000027e  c46235a815d9090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000287  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000028c  c57c281d2c0b0000      vmovaps   ymm11,[constants+0x1e0]
00000294  c46235a81d030b0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000029d  c46235a81dda0a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000002a6  c46235a81db10a0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000002af  c46235a81d880a0000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000002b8  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000002bd  c52c5d151b0b0000      vminps    ymm10,ymm10,[constants+0x200]
000002c5  c52c5f15330b0000      vmaxps    ymm10,ymm10,[constants+0x220]
000002cd  c57c281d6b090000      vmovaps   ymm11,[constants+0x60]
000002d5  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000002da  c4c17459ca            vmulps    ymm1,ymm1,ymm10
000002df  c56c5905f9080000      vmulps    ymm8,ymm2,[constants]
000002e7  c57c281d11090000      vmovaps   ymm11,[constants+0x20]
000002ef  c441245dc0            vminps    ymm8,ymm11,ymm8
000002f4  c57c281d24090000      vmovaps   ymm11,[constants+0x40]
000002fc  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000301  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000306  c57c2815120a0000      vmovaps   ymm10,[constants+0x140]
0000030e  c46235a815e9090000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000317  c46235a815c0090000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000320  c46235a81597090000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000329  c46235a8156e090000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000332  c46235a81545090000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000033b  c46235a8151c090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000344  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000349  c57c281d6f0a0000      vmovaps   ymm11,[constants+0x1e0]
00000351  c46235a81d460a0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000035a  c46235a81d1d0a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000363  c46235a81df4090000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000036c  c46235a81dcb090000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000375  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000037a  c52c5d155e0a0000      vminps    ymm10,ymm10,[constants+0x200]
00000382  c52c5f15760a0000      vmaxps    ymm10,ymm10,[constants+0x220]
0000038a  c57c281dae080000      vmovaps   ymm11,[constants+0x60]
00000392  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000397  c4c16c59d2            vmulps    ymm2,ymm2,ymm10
0000039c  c56459053c080000      vmulps    ymm8,ymm3,[constants]
000003a4  c57c281d54080000      vmovaps   ymm11,[constants+0x20]
000003ac  c441245dc0            vminps    ymm8,ymm11,ymm8
000003b1  c57c281d67080000      vmovaps   ymm11,[constants+0x40]
000003b9  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000003be  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000003c3  c57c281555090000      vmovaps   ymm10,[constants+0x140]
000003cb  c46235a8152c090000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000003d4  c46235a81503090000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000003dd  c46235a815da080000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000003e6  c46235a815b1080000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000003ef  c46235a81588080000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000003f8  c46235a8155f080000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000401  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000406  c57c281db2090000      vmovaps   ymm11,[constants+0x1e0]
0000040e  c46235a81d89090000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000417  c46235a81d60090000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000420  c46235a81d37090000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000429  c46235a81d0e090000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000432  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000437  c52c5d15a1090000      vminps    ymm10,ymm10,[constants+0x200]
0000043f  c52c5f15b9090000      vmaxps    ymm10,ymm10,[constants+0x220]
00000447  c57c281df1070000      vmovaps   ymm11,[constants+0x60]
0000044f  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000454  c4c16459da            vmulps    ymm3,ymm3,ymm10
00000459  c55c59057f070000      vmulps    ymm8,ymm4,[constants]
00000461  c57c281d97070000      vmovaps   ymm11,[constants+0x20]
00000469  c441245dc0            vminps    ymm8,ymm11,ymm8
0000046e  c57c281daa070000      vmovaps   ymm11,[constants+0x40]
00000476  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000047b  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000480  c57c281598080000      vmovaps   ymm10,[constants+0x140]
00000488  c46235a8156f080000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000491  c46235a81546080000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000049a  c46235a8151d080000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000004a3  c46235a815f4070000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000004ac  c46235a815cb070000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000004b5  c46235a815a2070000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000004be  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000004c3  c57c281df5080000      vmovaps   ymm11,[constants+0x1e0]
000004cb  c46235a81dcc080000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000004d4  c46235a81da3080000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000004dd  c46235a81d7a080000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000004e6  c46235a81d51080000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000004ef  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000004f4  c52c5d15e4080000      vminps    ymm10,ymm10,[constants+0x200]
000004fc  c52c5f15fc080000      vmaxps    ymm10,ymm10,[constants+0x220]
00000504  c57c281d34070000      vmovaps   ymm11,[constants+0x60]
0000050c  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000511  c4c15c59e2            vmulps    ymm4,ymm4,ymm10
00000516  c5545905c2060000      vmulps    ymm8,ymm5,[constants]
0000051e  c57c281dda060000      vmovaps   ymm11,[constants+0x20]
00000526  c441245dc0            vminps    ymm8,ymm11,ymm8
0000052b  c57c281ded060000      vmovaps   ymm11,[constants+0x40]
00000533  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000538  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000053d  c57c2815db070000      vmovaps   ymm10,[constants+0x140]
00000545  c46235a815b2070000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000054e  c46235a81589070000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000557  c46235a81560070000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000560  c46235a81537070000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000569  c46235a8150e070000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000572  c46235a815e5060000    vfmadd213ps ymm10,ymm9,[constants+0x80]
0000057b  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000580  c57c281d38080000      vmovaps   ymm11,[constants+0x1e0]
00000588  c46235a81d0f080000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000591  c46235a81de6070000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
0000059a  c46235a81dbd070000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000005a3  c46235a81d94070000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000005ac  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000005b1  c52c5d1527080000      vminps    ymm10,ymm10,[constants+0x200]
000005b9  c52c5f153f080000      vmaxps    ymm10,ymm10,[constants+0x220]
000005c1  c57c281d77060000      vmovaps   ymm11,[constants+0x60]
000005c9  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000005ce  c4c15459ea            vmulps    ymm5,ymm5,ymm10
000005d3  c54c590505060000      vmulps    ymm8,ymm6,[constants]
000005db  c57c281d1d060000      vmovaps   ymm11,[constants+0x20]
000005e3  c441245dc0            vminps    ymm8,ymm11,ymm8
000005e8  c57c281d30060000      vmovaps   ymm11,[constants+0x40]
000005f0  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000005f5  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000005fa  c57c28151e070000      vmovaps   ymm10,[constants+0x140]
00000602  c46235a815f5060000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000060b  c46235a815cc060000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000614  c46235a815a3060000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000061d  c46235a8157a060000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000626  c46235a81551060000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000062f  c46235a81528060000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000638  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000063d  c57c281d7b070000      vmovaps   ymm11,[constants+0x1e0]
00000645  c46235a81d52070000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000064e  c46235a81d29070000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000657  c46235a81d00070000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000660  c46235a81dd7060000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000669  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000066e  c52c5d156a070000      vminps    ymm10,ymm10,[constants+0x200]
00000676  c52c5f1582070000      vmaxps    ymm10,ymm10,[constants+0x220]
0000067e  c57c281dba050000      vmovaps   ymm11,[constants+0x60]
00000686  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000068b  c4c14c59f2            vmulps    ymm6,ymm6,ymm10
00000690  c544590548050000      vmulps    ymm8,ymm7,[constants]
00000698  c57c281d60050000      vmovaps   ymm11,[constants+0x20]
000006a0  c441245dc0            vminps    ymm8,ymm11,ymm8
000006a5  c57c281d73050000      vmovaps   ymm11,[constants+0x40]
000006ad  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000006b2  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000006b7  c57c281561060000      vmovaps   ymm10,[constants+0x140]
000006bf  c46235a81538060000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000006c8  c46235a8150f060000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000006d1  c46235a815e6050000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000006da  c46235a815bd050000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000006e3  c46235a81594050000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000006ec  c46235a8156b050000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000006f5  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000006fa  c57c281dbe060000      vmovaps   ymm11,[constants+0x1e0]
00000702  c46235a81d95060000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000070b  c46235a81d6c060000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000714  c46235a81d43060000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000071d  c46235a81d1a060000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000726  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000072b  c52c5d15ad060000      vminps    ymm10,ymm10,[constants+0x200]
00000733  c52c5f15c5060000      vmaxps    ymm10,ymm10,[constants+0x220]
0000073b  c57c281dfd040000      vmovaps   ymm11,[constants+0x60]
00000743  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000748  c4c14459fa            vmulps    ymm7,ymm7,ymm10
0000074d  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
00000752  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
00000757  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
0000075c  c4615c15de            vunpckhps ymm11,ymm4,ymm6
00000761  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
00000767  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
0000076d  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
00000773  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
00000779  c4c178118200000000    vmovups   [r10],xmm0
00000782  c4c178119214000000    vmovups   [r10+0x14],xmm2
0000078b  c4c17811a228000000    vmovups   [r10+0x28],xmm4
00000794  c4c17811b23c000000    vmovups   [r10+0x3c],xmm6
0000079d  c4c37d19c001          vextractf128 xmm8,ymm0,1
000007a3  c44178118250000000    vmovups   [r10+0x50],xmm8
000007ac  c4c37d19d001          vextractf128 xmm8,ymm2,1
000007b2  c44178118264000000    vmovups   [r10+0x64],xmm8
000007bb  c4c37d19e001          vextractf128 xmm8,ymm4,1
000007c1  c44178118278000000    vmovups   [r10+0x78],xmm8
000007ca  c4c37d19f001          vextractf128 xmm8,ymm6,1
000007d0  c4417811828c000000    vmovups   [r10+0x8c],xmm8
000007d9  c4617414c3            vunpcklps ymm8,ymm1,ymm3
000007de  c4617415cb            vunpckhps ymm9,ymm1,ymm3
000007e3  c4615414d7            vunpcklps ymm10,ymm5,ymm7
000007e8  c4615415df            vunpckhps ymm11,ymm5,ymm7
000007ed  c4c13cc6ca44          vshufps   ymm1,ymm8,ymm10,0x44
000007f3  c4c13cc6daee          vshufps   ymm3,ymm8,ymm10,0xee
000007f9  c4c134c6eb44          vshufps   ymm5,ymm9,ymm11,0x44
000007ff  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
00000805  c4c178118aa0000000    vmovups   [r10+0xa0],xmm1
0000080e  c4c178119ab4000000    vmovups   [r10+0xb4],xmm3
00000817  c4c17811aac8000000    vmovups   [r10+0xc8],xmm5
00000820  c4c17811badc000000    vmovups   [r10+0xdc],xmm7
00000829  c4c37d19c801          vextractf128 xmm8,ymm1,1
0000082f  c441781182f0000000    vmovups   [r10+0xf0],xmm8
00000838  c4c37d19d801          vextractf128 xmm8,ymm3,1
0000083e  c44178118204010000    vmovups   [r10+0x104],xmm8
00000847  c4c37d19e801          vextractf128 xmm8,ymm5,1
0000084d  c44178118218010000    vmovups   [r10+0x118],xmm8
00000856  c4c37d19f801          vextractf128 xmm8,ymm7,1
0000085c  c4417811822c010000    vmovups   [r10+0x12c],xmm8
00000865  4981c1c0000000        add       r9,0xc0
0000086c  4981c240010000        add       r10,0x140
00000873  48ffc9                dec       rcx
00000876  0f8504f8ffff          jne       panel_loop_0
done_0:
0000087c  48ffc0                inc       rax
0000087f  493bc3                cmp       rax,r11
00000882  0f833c030000          jae       exit
group_1:                        ; output rows 4..5 (row-blocks 2..3); load X, Y and the panel count
00000888  4c8b8f00000000        mov       r9,[rdi+args.x]
0000088f  4c8b9708000000        mov       r10,[rdi+args.y]
00000896  488b8f20000000        mov       rcx,[rdi+args.panels]
0000089d  4885c9                test      rcx,rcx
000008a0  0f8412030000          je        done_1
000008a6  90 x 10               nop       ; 10 bytes of alignment
panel_loop_1:                   ; one panel of 16 tokens per iteration: zero the 4x16 accumulator tile
000008b0  488d96a0000000        lea       rdx,[rsi+0xa0]
000008b7  c4e17c57c0            vxorps    ymm0,ymm0,ymm0
000008bc  c4e17457c9            vxorps    ymm1,ymm1,ymm1
000008c1  c4e16c57d2            vxorps    ymm2,ymm2,ymm2
000008c6  c4e16457db            vxorps    ymm3,ymm3,ymm3
000008cb  c4e15c57e4            vxorps    ymm4,ymm4,ymm4
000008d0  c4e15457ed            vxorps    ymm5,ymm5,ymm5
000008d5  c4e14c57f6            vxorps    ymm6,ymm6,ymm6
000008da  c4e14457ff            vxorps    ymm7,ymm7,ymm7
                                ; k=0: weights 8..9 for block (2, 0)
000008df  c4627d185280          vbroadcastss ymm10,[rdx-0x80]
000008e5  c4c22db88100000000    vfmadd231ps ymm0,ymm10,[r9]
000008ee  c4c22db88920000000    vfmadd231ps ymm1,ymm10,[r9+0x20]
                                ; k=1: weights 9..10 for block (2, 0)
000008f7  c4627d185284          vbroadcastss ymm10,[rdx-0x7c]
000008fd  c4c22db88140000000    vfmadd231ps ymm0,ymm10,[r9+0x40]
00000906  c4c22db88960000000    vfmadd231ps ymm1,ymm10,[r9+0x60]
                                ; epilogue: gelu, transpose 4x8, store to Y; next panel
0000090f  c57c5905c9020000      vmulps    ymm8,ymm0,[constants]
00000917  c57c281de1020000      vmovaps   ymm11,[constants+0x20]
0000091f  c441245dc0            vminps    ymm8,ymm11,ymm8
00000924  c57c281df4020000      vmovaps   ymm11,[constants+0x40]
0000092c  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000931  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000936  c57c2815e2030000      vmovaps   ymm10,[constants+0x140]
0000093e  c46235a815b9030000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000947  c46235a81590030000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000950  c46235a81567030000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000959  c46235a8153e030000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000962  c46235a81515030000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000096b  c46235a815ec020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000974  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000979  c57c281d3f040000      vmovaps   ymm11,[constants+0x1e0]
00000981  c46235a81d16040000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000098a  c46235a81ded030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000993  c46235a81dc4030000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000099c  c46235a81d9b030000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000009a5  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000009aa  c52c5d152e040000      vminps    ymm10,ymm10,[constants+0x200]
000009b2  c52c5f1546040000      vmaxps    ymm10,ymm10,[constants+0x220]
000009ba  c57c281d7e020000      vmovaps   ymm11,[constants+0x60]
000009c2  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000009c7  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
000009cc  c57459050c020000      vmulps    ymm8,ymm1,[constants]
000009d4  c57c281d24020000      vmovaps   ymm11,[constants+0x20]
000009dc  c441245dc0            vminps    ymm8,ymm11,ymm8
000009e1  c57c281d37020000      vmovaps   ymm11,[constants+0x40]
000009e9  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000009ee  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000009f3  c57c281525030000      vmovaps   ymm10,[constants+0x140]
000009fb  c46235a815fc020000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000a04  c46235a815d3020000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000a0d  c46235a815aa020000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000a16  c46235a81581020000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000a1f  c46235a81558020000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000a28  c46235a8152f020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000a31  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000a36  c57c281d82030000      vmovaps   ymm11,[constants+0x1e0]
00000a3e  c46235a81d59030000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000a47  c46235a81d30030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000a50  c46235a81d07030000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000a59  c46235a81dde020000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000a62  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000a67  c52c5d1571030000      vminps    ymm10,ymm10,[constants+0x200]
00000a6f  c52c5f1589030000      vmaxps    ymm10,ymm10,[constants+0x220]
00000a77  c57c281dc1010000      vmovaps   ymm11,[constants+0x60]
00000a7f  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000a84  c4c17459ca            vmulps    ymm1,ymm1,ymm10
00000a89  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
00000a8e  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
00000a93  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
00000a98  c4615c15de            vunpckhps ymm11,ymm4,ymm6
00000a9d  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
00000aa3  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
00000aa9  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
00000aaf  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
00000ab5  c4c17a118210000000    vmovss    [r10+0x10],xmm0
00000abe  c4c17a119224000000    vmovss    [r10+0x24],xmm2
00000ac7  c4c17a11a238000000    vmovss    [r10+0x38],xmm4
00000ad0  c4c17a11b24c000000    vmovss    [r10+0x4c],xmm6
00000ad9  c4c37d19c001          vextractf128 xmm8,ymm0,1
00000adf  c4417a118260000000    vmovss    [r10+0x60],xmm8
00000ae8  c4c37d19d001          vextractf128 xmm8,ymm2,1
00000aee  c4417a118274000000    vmovss    [r10+0x74],xmm8
00000af7  c4c37d19e001          vextractf128 xmm8,ymm4,1
00000afd  c4417a118288000000    vmovss    [r10+0x88],xmm8
00000b06  c4c37d19f001          vextractf128 xmm8,ymm6,1
00000b0c  c4417a11829c000000    vmovss    [r10+0x9c],xmm8
00000b15  c4617414c3            vunpcklps ymm8,ymm1,ymm3
00000b1a  c4617415cb            vunpckhps ymm9,ymm1,ymm3
00000b1f  c4615414d7            vunpcklps ymm10,ymm5,ymm7
00000b24  c4615415df            vunpckhps ymm11,ymm5,ymm7
00000b29  c4c13cc6ca44          vshufps   ymm1,ymm8,ymm10,0x44
00000b2f  c4c13cc6daee          vshufps   ymm3,ymm8,ymm10,0xee
00000b35  c4c134c6eb44          vshufps   ymm5,ymm9,ymm11,0x44
00000b3b  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
00000b41  c4c17a118ab0000000    vmovss    [r10+0xb0],xmm1
00000b4a  c4c17a119ac4000000    vmovss    [r10+0xc4],xmm3
00000b53  c4c17a11aad8000000    vmovss    [r10+0xd8],xmm5
00000b5c  c4c17a11baec000000    vmovss    [r10+0xec],xmm7
00000b65  c4c37d19c801          vextractf128 xmm8,ymm1,1
00000b6b  c4417a118200010000    vmovss    [r10+0x100],xmm8
00000b74  c4c37d19d801          vextractf128 xmm8,ymm3,1
00000b7a  c4417a118214010000    vmovss    [r10+0x114],xmm8
00000b83  c4c37d19e801          vextractf128 xmm8,ymm5,1
00000b89  c4417a118228010000    vmovss    [r10+0x128],xmm8
00000b92  c4c37d19f801          vextractf128 xmm8,ymm7,1
00000b98  c4417a11823c010000    vmovss    [r10+0x13c],xmm8
00000ba1  4981c1c0000000        add       r9,0xc0
00000ba8  4981c240010000        add       r10,0x140
00000baf  48ffc9                dec       rcx
00000bb2  0f85f8fcffff          jne       panel_loop_1
done_1:
00000bb8  48ffc0                inc       rax
00000bbb  493bc3                cmp       rax,r11
00000bbe  0f8300000000          jae       exit
exit:                           ; return
00000bc4  c5f877                vzeroupper
00000bc7  c3                    ret
jump_table:                     ; i32 offsets of the groups, from jump_table
00000bc8  7af4ffff              dd        group_0-jump_table
00000bcc  c0fcffff              dd        group_1-jump_table
00000bd0  cc x 16               ; padding
constants:                      ; vector constants (GELU's, or the gather's permutations)
00000be0  f304353f              dd        8 dup (0.70710677)  ; constants+0x0
00000c00  4dd47a40              dd        8 dup (3.9192078)  ; constants+0x20
00000c20  4dd47ac0              dd        8 dup (-3.9192078)  ; constants+0x40
00000c40  0000003f              dd        8 dup (0.5)  ; constants+0x60
00000c60  d4db83bc              dd        8 dup (-0.016096033)  ; constants+0x80
00000c80  f6a141bb              dd        8 dup (-0.0029546)  ; constants+0xa0
00000ca0  63ac40ba              dd        8 dup (-0.00073499064)  ; constants+0xc0
00000cc0  d2c26eb8              dd        8 dup (-5.6925062e-5)  ; constants+0xe0
00000ce0  51ff0cb6              dd        8 dup (-2.101024e-6)  ; constants+0x100
00000d00  eeffed32              dd        8 dup (2.7706815e-8)  ; constants+0x120
00000d20  0bdf95af              dd        8 dup (-2.7261424e-10)  ; constants+0x140
00000d40  a8b669bc              dd        8 dup (-0.01426474)  ; constants+0x160
00000d60  f79bf1bb              dd        8 dup (-0.007373329)  ; constants+0x180
00000d80  4e92dcba              dd        8 dup (-0.001682827)  ; constants+0x1a0
00000da0  2abd5fb9              dd        8 dup (-0.00021337406)  ; constants+0x1c0
00000dc0  ce6074b7              dd        8 dup (-1.4566072e-5)  ; constants+0x1e0
00000de0  0000803f              dd        8 dup (1.0)  ; constants+0x200
00000e00  000080bf              dd        8 dup (-1.0)  ; constants+0x220
