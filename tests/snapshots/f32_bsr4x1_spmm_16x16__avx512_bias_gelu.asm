; kernel    f32_bsr4x1_spmm_16x16__avx512_bias_gelu
; plan      M=8 K=6 block=4x1 dtype=f32 target=avx512 mac=fma tile=16x16 (rows x tokens) bias=true act=gelu
; code      3072 bytes: 2461 of instructions (to 0x99d), 611 of data (jump table, constants); emitted by dynasm
; weights   nnz 29 (32 stored in 8 blocks, 39.6% sparse), 105.93 code bytes per nonzero
; compile   (masked in snapshots)

                                ; prologue: load KernelArgs; exit unless group_begin < group_end <= groups; jump through jump_table to group_begin
00000000  488b8728000000        mov       rax,[rdi+args.group_begin]
00000007  4c8b9f30000000        mov       r11,[rdi+args.group_end]
0000000e  493bc3                cmp       rax,r11
00000011  0f8382090000          jae       exit
00000017  4981fb01000000        cmp       r11,1
0000001e  0f8775090000          ja        exit
00000024  488bb710000000        mov       rsi,[rdi+args.values]
0000002b  4c8b8718000000        mov       r8,[rdi+args.bias]
00000032  488d1567090000        lea       rdx,[jump_table]
00000039  48630c82              movsxd    rcx,[rdx+rax*4]
0000003d  4801ca                add       rdx,rcx
00000040  ffe2                  jmp       rdx
group_0:                        ; output rows 0..8 (row-blocks 0..2); load X, Y and the panel count
00000042  4c8b8f00000000        mov       r9,[rdi+args.x]
00000049  4c8b9708000000        mov       r10,[rdi+args.y]
00000050  488b8f20000000        mov       rcx,[rdi+args.panels]
00000057  4885c9                test      rcx,rcx
0000005a  0f842d090000          je        done_0
panel_loop_0:                   ; one panel of 16 tokens per iteration: zero the 16x16 accumulator tile
00000060  488d9600020000        lea       rdx,[rsi+0x200]
00000067  62a17d40efc0          vpxord    zmm16,zmm16,zmm16
0000006d  62a17540efc9          vpxord    zmm17,zmm17,zmm17
00000073  62a16d40efd2          vpxord    zmm18,zmm18,zmm18
00000079  62a16540efdb          vpxord    zmm19,zmm19,zmm19
0000007f  62a15d40efe4          vpxord    zmm20,zmm20,zmm20
00000085  62a15540efed          vpxord    zmm21,zmm21,zmm21
0000008b  62a14d40eff6          vpxord    zmm22,zmm22,zmm22
00000091  62a14540efff          vpxord    zmm23,zmm23,zmm23
00000097  62013d40efc0          vpxord    zmm24,zmm24,zmm24
0000009d  62013540efc9          vpxord    zmm25,zmm25,zmm25
000000a3  62012d40efd2          vpxord    zmm26,zmm26,zmm26
000000a9  62012540efdb          vpxord    zmm27,zmm27,zmm27
000000af  62011d40efe4          vpxord    zmm28,zmm28,zmm28
000000b5  62011540efed          vpxord    zmm29,zmm29,zmm29
000000bb  62010d40eff6          vpxord    zmm30,zmm30,zmm30
000000c1  62010540efff          vpxord    zmm31,zmm31,zmm31
                                ; k=0: weights 0..4 for block (0, 0)
000000c7  62d17c481001          vmovups   zmm0,[r9]
000000cd  62e27d58b84280        vfmadd231ps zmm16,zmm0,[rdx-0x200]{1to16}
000000d4  62e27d58b84a81        vfmadd231ps zmm17,zmm0,[rdx-0x1fc]{1to16}
000000db  62e27d58b85282        vfmadd231ps zmm18,zmm0,[rdx-0x1f8]{1to16}
000000e2  62e27d58b85a83        vfmadd231ps zmm19,zmm0,[rdx-0x1f4]{1to16}
                                ; k=1: weights 4..8 for block (0, 1)
000000e9  62d17c48104101        vmovups   zmm0,[r9+0x40]
000000f0  62e27d58b84284        vfmadd231ps zmm16,zmm0,[rdx-0x1f0]{1to16}
000000f7  62e27d58b84a85        vfmadd231ps zmm17,zmm0,[rdx-0x1ec]{1to16}
000000fe  62e27d58b85286        vfmadd231ps zmm18,zmm0,[rdx-0x1e8]{1to16}
00000105  62e27d58b85a87        vfmadd231ps zmm19,zmm0,[rdx-0x1e4]{1to16}
                                ; k=1: weights 8..12 for block (1, 1)
0000010c  62e27d58b86288        vfmadd231ps zmm20,zmm0,[rdx-0x1e0]{1to16}
00000113  62e27d58b86a89        vfmadd231ps zmm21,zmm0,[rdx-0x1dc]{1to16}
0000011a  62e27d58b8728a        vfmadd231ps zmm22,zmm0,[rdx-0x1d8]{1to16}
00000121  62e27d58b87a8b        vfmadd231ps zmm23,zmm0,[rdx-0x1d4]{1to16}
                                ; k=2: weights 12..16 for block (1, 2)
00000128  62d17c48104102        vmovups   zmm0,[r9+0x80]
0000012f  62e27d58b8628c        vfmadd231ps zmm20,zmm0,[rdx-0x1d0]{1to16}
00000136  62e27d58b86a8d        vfmadd231ps zmm21,zmm0,[rdx-0x1cc]{1to16}
0000013d  62e27d58b8728e        vfmadd231ps zmm22,zmm0,[rdx-0x1c8]{1to16}
00000144  62e27d58b87a8f        vfmadd231ps zmm23,zmm0,[rdx-0x1c4]{1to16}
                                ; k=3: weights 16..20 for block (0, 3)
0000014b  62d17c48104103        vmovups   zmm0,[r9+0xc0]
00000152  62e27d58b84290        vfmadd231ps zmm16,zmm0,[rdx-0x1c0]{1to16}
00000159  62e27d58b84a91        vfmadd231ps zmm17,zmm0,[rdx-0x1bc]{1to16}
00000160  62e27d58b85292        vfmadd231ps zmm18,zmm0,[rdx-0x1b8]{1to16}
00000167  62e27d58b85a93        vfmadd231ps zmm19,zmm0,[rdx-0x1b4]{1to16}
                                ; k=4: weights 20..24 for block (0, 4)
0000016e  62d17c48104104        vmovups   zmm0,[r9+0x100]
00000175  62e27d58b84294        vfmadd231ps zmm16,zmm0,[rdx-0x1b0]{1to16}
0000017c  62e27d58b84a95        vfmadd231ps zmm17,zmm0,[rdx-0x1ac]{1to16}
00000183  62e27d58b85296        vfmadd231ps zmm18,zmm0,[rdx-0x1a8]{1to16}
0000018a  62e27d58b85a97        vfmadd231ps zmm19,zmm0,[rdx-0x1a4]{1to16}
                                ; k=4: weights 24..28 for block (1, 4)
00000191  62e27d58b86298        vfmadd231ps zmm20,zmm0,[rdx-0x1a0]{1to16}
00000198  62e27d58b86a99        vfmadd231ps zmm21,zmm0,[rdx-0x19c]{1to16}
0000019f  62e27d58b8729a        vfmadd231ps zmm22,zmm0,[rdx-0x198]{1to16}
000001a6  62e27d58b87a9b        vfmadd231ps zmm23,zmm0,[rdx-0x194]{1to16}
                                ; k=5: weights 28..32 for block (1, 5)
000001ad  62d17c48104105        vmovups   zmm0,[r9+0x140]
000001b4  62e27d58b8629c        vfmadd231ps zmm20,zmm0,[rdx-0x190]{1to16}
000001bb  62e27d58b86a9d        vfmadd231ps zmm21,zmm0,[rdx-0x18c]{1to16}
000001c2  62e27d58b8729e        vfmadd231ps zmm22,zmm0,[rdx-0x188]{1to16}
000001c9  62e27d58b87a9f        vfmadd231ps zmm23,zmm0,[rdx-0x184]{1to16}
                                ; epilogue: add bias, gelu, transpose 16x16, store to Y; next panel
000001d0  62c17c505800          vaddps    zmm16,zmm16,[r8]{1to16}
000001d6  62c17450584801        vaddps    zmm17,zmm17,[r8+4]{1to16}
000001dd  62c16c50585002        vaddps    zmm18,zmm18,[r8+8]{1to16}
000001e4  62c16450585803        vaddps    zmm19,zmm19,[r8+0xc]{1to16}
000001eb  62c15c50586004        vaddps    zmm20,zmm20,[r8+0x10]{1to16}
000001f2  62c15450586805        vaddps    zmm21,zmm21,[r8+0x14]{1to16}
000001f9  62c14c50587006        vaddps    zmm22,zmm22,[r8+0x18]{1to16}
00000200  62c14450587807        vaddps    zmm23,zmm23,[r8+0x1c]{1to16}
00000207  488d15d2080000        lea       rdx,[constants+0x120]
0000020e  62f17c505942b8        vmulps    zmm0,zmm16,[rdx-0x120]{1to16}
00000215  62f27d48185ac0        vbroadcastss zmm3,[rdx-0x100]
0000021c  62f164485dc0          vminps    zmm0,zmm3,zmm0
00000222  62f27d48185ac8        vbroadcastss zmm3,[rdx-0xe0]
00000229  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
0000022f  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
00000235  62f27d48185208        vbroadcastss zmm2,[rdx+0x20]
0000023c  62f27558a812          vfmadd213ps zmm2,zmm1,[rdx]{1to16}
00000242  62f27558a852f8        vfmadd213ps zmm2,zmm1,[rdx-0x20]{1to16}
00000249  62f27558a852f0        vfmadd213ps zmm2,zmm1,[rdx-0x40]{1to16}
00000250  62f27558a852e8        vfmadd213ps zmm2,zmm1,[rdx-0x60]{1to16}
00000257  62f27558a852e0        vfmadd213ps zmm2,zmm1,[rdx-0x80]{1to16}
0000025e  62f27558a852d8        vfmadd213ps zmm2,zmm1,[rdx-0xa0]{1to16}
00000265  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
0000026b  62f27d48185a30        vbroadcastss zmm3,[rdx+0xc0]
00000272  62f27558a85a28        vfmadd213ps zmm3,zmm1,[rdx+0xa0]{1to16}
00000279  62f27558a85a20        vfmadd213ps zmm3,zmm1,[rdx+0x80]{1to16}
00000280  62f27558a85a18        vfmadd213ps zmm3,zmm1,[rdx+0x60]{1to16}
00000287  62f27558a85a10        vfmadd213ps zmm3,zmm1,[rdx+0x40]{1to16}
0000028e  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
00000294  62f16c585d5238        vminps    zmm2,zmm2,[rdx+0xe0]{1to16}
0000029b  62f16c585f5240        vmaxps    zmm2,zmm2,[rdx+0x100]{1to16}
000002a2  62f27d48185ad0        vbroadcastss zmm3,[rdx-0xc0]
000002a9  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
000002af  62e17c4059c2          vmulps    zmm16,zmm16,zmm2
000002b5  62f174505942b8        vmulps    zmm0,zmm17,[rdx-0x120]{1to16}
000002bc  62f27d48185ac0        vbroadcastss zmm3,[rdx-0x100]
000002c3  62f164485dc0          vminps    zmm0,zmm3,zmm0
000002c9  62f27d48185ac8        vbroadcastss zmm3,[rdx-0xe0]
000002d0  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
000002d6  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
000002dc  62f27d48185208        vbroadcastss zmm2,[rdx+0x20]
000002e3  62f27558a812          vfmadd213ps zmm2,zmm1,[rdx]{1to16}
000002e9  62f27558a852f8        vfmadd213ps zmm2,zmm1,[rdx-0x20]{1to16}
000002f0  62f27558a852f0        vfmadd213ps zmm2,zmm1,[rdx-0x40]{1to16}
000002f7  62f27558a852e8        vfmadd213ps zmm2,zmm1,[rdx-0x60]{1to16}
000002fe  62f27558a852e0        vfmadd213ps zmm2,zmm1,[rdx-0x80]{1to16}
00000305  62f27558a852d8        vfmadd213ps zmm2,zmm1,[rdx-0xa0]{1to16}
0000030c  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
00000312  62f27d48185a30        vbroadcastss zmm3,[rdx+0xc0]
00000319  62f27558a85a28        vfmadd213ps zmm3,zmm1,[rdx+0xa0]{1to16}
00000320  62f27558a85a20        vfmadd213ps zmm3,zmm1,[rdx+0x80]{1to16}
00000327  62f27558a85a18        vfmadd213ps zmm3,zmm1,[rdx+0x60]{1to16}
0000032e  62f27558a85a10        vfmadd213ps zmm3,zmm1,[rdx+0x40]{1to16}
00000335  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
0000033b  62f16c585d5238        vminps    zmm2,zmm2,[rdx+0xe0]{1to16}
00000342  62f16c585f5240        vmaxps    zmm2,zmm2,[rdx+0x100]{1to16}
00000349  62f27d48185ad0        vbroadcastss zmm3,[rdx-0xc0]
00000350  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
00000356  62e1744059ca          vmulps    zmm17,zmm17,zmm2
0000035c  62f16c505942b8        vmulps    zmm0,zmm18,[rdx-0x120]{1to16}
00000363  62f27d48185ac0        vbroadcastss zmm3,[rdx-0x100]
0000036a  62f164485dc0          vminps    zmm0,zmm3,zmm0
00000370  62f27d48185ac8        vbroadcastss zmm3,[rdx-0xe0]
00000377  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
0000037d  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
00000383  62f27d48185208        vbroadcastss zmm2,[rdx+0x20]
0000038a  62f27558a812          vfmadd213ps zmm2,zmm1,[rdx]{1to16}
00000390  62f27558a852f8        vfmadd213ps zmm2,zmm1,[rdx-0x20]{1to16}
00000397  62f27558a852f0        vfmadd213ps zmm2,zmm1,[rdx-0x40]{1to16}
0000039e  62f27558a852e8        vfmadd213ps zmm2,zmm1,[rdx-0x60]{1to16}
000003a5  62f27558a852e0        vfmadd213ps zmm2,zmm1,[rdx-0x80]{1to16}
000003ac  62f27558a852d8        vfmadd213ps zmm2,zmm1,[rdx-0xa0]{1to16}
000003b3  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
000003b9  62f27d48185a30        vbroadcastss zmm3,[rdx+0xc0]
000003c0  62f27558a85a28        vfmadd213ps zmm3,zmm1,[rdx+0xa0]{1to16}
000003c7  62f27558a85a20        vfmadd213ps zmm3,zmm1,[rdx+0x80]{1to16}
000003ce  62f27558a85a18        vfmadd213ps zmm3,zmm1,[rdx+0x60]{1to16}
000003d5  62f27558a85a10        vfmadd213ps zmm3,zmm1,[rdx+0x40]{1to16}
000003dc  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
000003e2  62f16c585d5238        vminps    zmm2,zmm2,[rdx+0xe0]{1to16}
000003e9  62f16c585f5240        vmaxps    zmm2,zmm2,[rdx+0x100]{1to16}
000003f0  62f27d48185ad0        vbroadcastss zmm3,[rdx-0xc0]
000003f7  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
000003fd  62e16c4059d2          vmulps    zmm18,zmm18,zmm2
00000403  62f164505942b8        vmulps    zmm0,zmm19,[rdx-0x120]{1to16}
0000040a  62f27d48185ac0        vbroadcastss zmm3,[rdx-0x100]
00000411  62f164485dc0          vminps    zmm0,zmm3,zmm0
00000417  62f27d48185ac8        vbroadcastss zmm3,[rdx-0xe0]
0000041e  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
00000424  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
0000042a  62f27d48185208        vbroadcastss zmm2,[rdx+0x20]
00000431  62f27558a812          vfmadd213ps zmm2,zmm1,[rdx]{1to16}
00000437  62f27558a852f8        vfmadd213ps zmm2,zmm1,[rdx-0x20]{1to16}
0000043e  62f27558a852f0        vfmadd213ps zmm2,zmm1,[rdx-0x40]{1to16}
00000445  62f27558a852e8        vfmadd213ps zmm2,zmm1,[rdx-0x60]{1to16}
0000044c  62f27558a852e0        vfmadd213ps zmm2,zmm1,[rdx-0x80]{1to16}
00000453  62f27558a852d8        vfmadd213ps zmm2,zmm1,[rdx-0xa0]{1to16}
0000045a  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
00000460  62f27d48185a30        vbroadcastss zmm3,[rdx+0xc0]
00000467  62f27558a85a28        vfmadd213ps zmm3,zmm1,[rdx+0xa0]{1to16}
0000046e  62f27558a85a20        vfmadd213ps zmm3,zmm1,[rdx+0x80]{1to16}
00000475  62f27558a85a18        vfmadd213ps zmm3,zmm1,[rdx+0x60]{1to16}
0000047c  62f27558a85a10        vfmadd213ps zmm3,zmm1,[rdx+0x40]{1to16}
00000483  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
00000489  62f16c585d5238        vminps    zmm2,zmm2,[rdx+0xe0]{1to16}
00000490  62f16c585f5240        vmaxps    zmm2,zmm2,[rdx+0x100]{1to16}
00000497  62f27d48185ad0        vbroadcastss zmm3,[rdx-0xc0]
0000049e  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
000004a4  62e1644059da          vmulps    zmm19,zmm19,zmm2
000004aa  62f15c505942b8        vmulps    zmm0,zmm20,[rdx-0x120]{1to16}
000004b1  62f27d48185ac0        vbroadcastss zmm3,[rdx-0x100]
000004b8  62f164485dc0          vminps    zmm0,zmm3,zmm0
000004be  62f27d48185ac8        vbroadcastss zmm3,[rdx-0xe0]
000004c5  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
000004cb  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
000004d1  62f27d48185208        vbroadcastss zmm2,[rdx+0x20]
000004d8  62f27558a812          vfmadd213ps zmm2,zmm1,[rdx]{1to16}
000004de  62f27558a852f8        vfmadd213ps zmm2,zmm1,[rdx-0x20]{1to16}
000004e5  62f27558a852f0        vfmadd213ps zmm2,zmm1,[rdx-0x40]{1to16}
000004ec  62f27558a852e8        vfmadd213ps zmm2,zmm1,[rdx-0x60]{1to16}
000004f3  62f27558a852e0        vfmadd213ps zmm2,zmm1,[rdx-0x80]{1to16}
000004fa  62f27558a852d8        vfmadd213ps zmm2,zmm1,[rdx-0xa0]{1to16}
00000501  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
00000507  62f27d48185a30        vbroadcastss zmm3,[rdx+0xc0]
0000050e  62f27558a85a28        vfmadd213ps zmm3,zmm1,[rdx+0xa0]{1to16}
00000515  62f27558a85a20        vfmadd213ps zmm3,zmm1,[rdx+0x80]{1to16}
0000051c  62f27558a85a18        vfmadd213ps zmm3,zmm1,[rdx+0x60]{1to16}
00000523  62f27558a85a10        vfmadd213ps zmm3,zmm1,[rdx+0x40]{1to16}
0000052a  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
00000530  62f16c585d5238        vminps    zmm2,zmm2,[rdx+0xe0]{1to16}
00000537  62f16c585f5240        vmaxps    zmm2,zmm2,[rdx+0x100]{1to16}
0000053e  62f27d48185ad0        vbroadcastss zmm3,[rdx-0xc0]
00000545  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
0000054b  62e15c4059e2          vmulps    zmm20,zmm20,zmm2
00000551  62f154505942b8        vmulps    zmm0,zmm21,[rdx-0x120]{1to16}
00000558  62f27d48185ac0        vbroadcastss zmm3,[rdx-0x100]
0000055f  62f164485dc0          vminps    zmm0,zmm3,zmm0
00000565  62f27d48185ac8        vbroadcastss zmm3,[rdx-0xe0]
0000056c  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
00000572  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
00000578  62f27d48185208        vbroadcastss zmm2,[rdx+0x20]
0000057f  62f27558a812          vfmadd213ps zmm2,zmm1,[rdx]{1to16}
00000585  62f27558a852f8        vfmadd213ps zmm2,zmm1,[rdx-0x20]{1to16}
0000058c  62f27558a852f0        vfmadd213ps zmm2,zmm1,[rdx-0x40]{1to16}
00000593  62f27558a852e8        vfmadd213ps zmm2,zmm1,[rdx-0x60]{1to16}
0000059a  62f27558a852e0        vfmadd213ps zmm2,zmm1,[rdx-0x80]{1to16}
000005a1  62f27558a852d8        vfmadd213ps zmm2,zmm1,[rdx-0xa0]{1to16}
000005a8  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
000005ae  62f27d48185a30        vbroadcastss zmm3,[rdx+0xc0]
000005b5  62f27558a85a28        vfmadd213ps zmm3,zmm1,[rdx+0xa0]{1to16}
000005bc  62f27558a85a20        vfmadd213ps zmm3,zmm1,[rdx+0x80]{1to16}
000005c3  62f27558a85a18        vfmadd213ps zmm3,zmm1,[rdx+0x60]{1to16}
000005ca  62f27558a85a10        vfmadd213ps zmm3,zmm1,[rdx+0x40]{1to16}
000005d1  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
000005d7  62f16c585d5238        vminps    zmm2,zmm2,[rdx+0xe0]{1to16}
000005de  62f16c585f5240        vmaxps    zmm2,zmm2,[rdx+0x100]{1to16}
000005e5  62f27d48185ad0        vbroadcastss zmm3,[rdx-0xc0]
000005ec  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
000005f2  62e1544059ea          vmulps    zmm21,zmm21,zmm2
000005f8  62f14c505942b8        vmulps    zmm0,zmm22,[rdx-0x120]{1to16}
000005ff  62f27d48185ac0        vbroadcastss zmm3,[rdx-0x100]
00000606  62f164485dc0          vminps    zmm0,zmm3,zmm0
0000060c  62f27d48185ac8        vbroadcastss zmm3,[rdx-0xe0]
00000613  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
00000619  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
0000061f  62f27d48185208        vbroadcastss zmm2,[rdx+0x20]
00000626  62f27558a812          vfmadd213ps zmm2,zmm1,[rdx]{1to16}
0000062c  62f27558a852f8        vfmadd213ps zmm2,zmm1,[rdx-0x20]{1to16}
00000633  62f27558a852f0        vfmadd213ps zmm2,zmm1,[rdx-0x40]{1to16}
0000063a  62f27558a852e8        vfmadd213ps zmm2,zmm1,[rdx-0x60]{1to16}
00000641  62f27558a852e0        vfmadd213ps zmm2,zmm1,[rdx-0x80]{1to16}
00000648  62f27558a852d8        vfmadd213ps zmm2,zmm1,[rdx-0xa0]{1to16}
0000064f  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
00000655  62f27d48185a30        vbroadcastss zmm3,[rdx+0xc0]
0000065c  62f27558a85a28        vfmadd213ps zmm3,zmm1,[rdx+0xa0]{1to16}
00000663  62f27558a85a20        vfmadd213ps zmm3,zmm1,[rdx+0x80]{1to16}
0000066a  62f27558a85a18        vfmadd213ps zmm3,zmm1,[rdx+0x60]{1to16}
00000671  62f27558a85a10        vfmadd213ps zmm3,zmm1,[rdx+0x40]{1to16}
00000678  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
0000067e  62f16c585d5238        vminps    zmm2,zmm2,[rdx+0xe0]{1to16}
00000685  62f16c585f5240        vmaxps    zmm2,zmm2,[rdx+0x100]{1to16}
0000068c  62f27d48185ad0        vbroadcastss zmm3,[rdx-0xc0]
00000693  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
00000699  62e14c4059f2          vmulps    zmm22,zmm22,zmm2
0000069f  62f144505942b8        vmulps    zmm0,zmm23,[rdx-0x120]{1to16}
000006a6  62f27d48185ac0        vbroadcastss zmm3,[rdx-0x100]
000006ad  62f164485dc0          vminps    zmm0,zmm3,zmm0
000006b3  62f27d48185ac8        vbroadcastss zmm3,[rdx-0xe0]
000006ba  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
000006c0  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
000006c6  62f27d48185208        vbroadcastss zmm2,[rdx+0x20]
000006cd  62f27558a812          vfmadd213ps zmm2,zmm1,[rdx]{1to16}
000006d3  62f27558a852f8        vfmadd213ps zmm2,zmm1,[rdx-0x20]{1to16}
000006da  62f27558a852f0        vfmadd213ps zmm2,zmm1,[rdx-0x40]{1to16}
000006e1  62f27558a852e8        vfmadd213ps zmm2,zmm1,[rdx-0x60]{1to16}
000006e8  62f27558a852e0        vfmadd213ps zmm2,zmm1,[rdx-0x80]{1to16}
000006ef  62f27558a852d8        vfmadd213ps zmm2,zmm1,[rdx-0xa0]{1to16}
000006f6  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
000006fc  62f27d48185a30        vbroadcastss zmm3,[rdx+0xc0]
00000703  62f27558a85a28        vfmadd213ps zmm3,zmm1,[rdx+0xa0]{1to16}
0000070a  62f27558a85a20        vfmadd213ps zmm3,zmm1,[rdx+0x80]{1to16}
00000711  62f27558a85a18        vfmadd213ps zmm3,zmm1,[rdx+0x60]{1to16}
00000718  62f27558a85a10        vfmadd213ps zmm3,zmm1,[rdx+0x40]{1to16}
0000071f  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
00000725  62f16c585d5238        vminps    zmm2,zmm2,[rdx+0xe0]{1to16}
0000072c  62f16c585f5240        vmaxps    zmm2,zmm2,[rdx+0x100]{1to16}
00000733  62f27d48185ad0        vbroadcastss zmm3,[rdx-0xc0]
0000073a  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
00000740  62e1444059fa          vmulps    zmm23,zmm23,zmm2
00000746  62b17c4014c1          vunpcklps zmm0,zmm16,zmm17
0000074c  62b17c4015c9          vunpckhps zmm1,zmm16,zmm17
00000752  62b16c4014d3          vunpcklps zmm2,zmm18,zmm19
00000758  62b16c4015db          vunpckhps zmm3,zmm18,zmm19
0000075e  62b15c4014e5          vunpcklps zmm4,zmm20,zmm21
00000764  62b15c4015ed          vunpckhps zmm5,zmm20,zmm21
0000076a  62b14c4014f7          vunpcklps zmm6,zmm22,zmm23
00000770  62b14c4015ff          vunpckhps zmm7,zmm22,zmm23
00000776  62113c4014c1          vunpcklps zmm8,zmm24,zmm25
0000077c  62113c4015c9          vunpckhps zmm9,zmm24,zmm25
00000782  62112c4014d3          vunpcklps zmm10,zmm26,zmm27
00000788  62112c4015db          vunpckhps zmm11,zmm26,zmm27
0000078e  62111c4014e5          vunpcklps zmm12,zmm28,zmm29
00000794  62111c4015ed          vunpckhps zmm13,zmm28,zmm29
0000079a  62110c4014f7          vunpcklps zmm14,zmm30,zmm31
000007a0  62110c4015ff          vunpckhps zmm15,zmm30,zmm31
000007a6  62e1fd4814c2          vunpcklpd zmm16,zmm0,zmm2
000007ac  62e1fd4815ca          vunpckhpd zmm17,zmm0,zmm2
000007b2  62e1f54814d3          vunpcklpd zmm18,zmm1,zmm3
000007b8  62e1f54815db          vunpckhpd zmm19,zmm1,zmm3
000007be  62e1dd4814e6          vunpcklpd zmm20,zmm4,zmm6
000007c4  62e1dd4815ee          vunpckhpd zmm21,zmm4,zmm6
000007ca  62e1d54814f7          vunpcklpd zmm22,zmm5,zmm7
000007d0  62e1d54815ff          vunpckhpd zmm23,zmm5,zmm7
000007d6  6241bd4814c2          vunpcklpd zmm24,zmm8,zmm10
000007dc  6241bd4815ca          vunpckhpd zmm25,zmm8,zmm10
000007e2  6241b54814d3          vunpcklpd zmm26,zmm9,zmm11
000007e8  6241b54815db          vunpckhpd zmm27,zmm9,zmm11
000007ee  62419d4814e6          vunpcklpd zmm28,zmm12,zmm14
000007f4  62419d4815ee          vunpckhpd zmm29,zmm12,zmm14
000007fa  6241954814f7          vunpcklpd zmm30,zmm13,zmm15
00000800  6241954815ff          vunpckhpd zmm31,zmm13,zmm15
00000806  baff000000            mov       edx,0xff
0000080b  c5f892ca              kmovw     k1,edx
0000080f  62b37d4023c444        vshuff32x4 zmm0,zmm16,zmm20,0x44
00000816  62b37d4023ccee        vshuff32x4 zmm1,zmm16,zmm20,0xee
0000081d  62933d4023d444        vshuff32x4 zmm2,zmm24,zmm28,0x44
00000824  62933d4023dcee        vshuff32x4 zmm3,zmm24,zmm28,0xee
0000082b  62f37d4823e288        vshuff32x4 zmm4,zmm0,zmm2,0x88
00000832  62d17c491122          vmovups   [r10]{k1},zmm4
00000838  62f37d4823eadd        vshuff32x4 zmm5,zmm0,zmm2,0xdd
0000083f  62d17c49116a02        vmovups   [r10+0x80]{k1},zmm5
00000846  62f3754823f388        vshuff32x4 zmm6,zmm1,zmm3,0x88
0000084d  62d17c49117204        vmovups   [r10+0x100]{k1},zmm6
00000854  62f3754823fbdd        vshuff32x4 zmm7,zmm1,zmm3,0xdd
0000085b  62d17c49117a06        vmovups   [r10+0x180]{k1},zmm7
00000862  62b3754023c544        vshuff32x4 zmm0,zmm17,zmm21,0x44
00000869  62b3754023cdee        vshuff32x4 zmm1,zmm17,zmm21,0xee
00000870  6293354023d544        vshuff32x4 zmm2,zmm25,zmm29,0x44
00000877  6293354023ddee        vshuff32x4 zmm3,zmm25,zmm29,0xee
0000087e  62f37d4823e288        vshuff32x4 zmm4,zmm0,zmm2,0x88
00000885  62d17c4911a220000000  vmovups   [r10+0x20]{k1},zmm4
0000088f  62f37d4823eadd        vshuff32x4 zmm5,zmm0,zmm2,0xdd
00000896  62d17c4911aaa0000000  vmovups   [r10+0xa0]{k1},zmm5
000008a0  62f3754823f388        vshuff32x4 zmm6,zmm1,zmm3,0x88
000008a7  62d17c4911b220010000  vmovups   [r10+0x120]{k1},zmm6
000008b1  62f3754823fbdd        vshuff32x4 zmm7,zmm1,zmm3,0xdd
000008b8  62d17c4911baa0010000  vmovups   [r10+0x1a0]{k1},zmm7
000008c2  62b36d4023c644        vshuff32x4 zmm0,zmm18,zmm22,0x44
000008c9  62b36d4023ceee        vshuff32x4 zmm1,zmm18,zmm22,0xee
000008d0  62932d4023d644        vshuff32x4 zmm2,zmm26,zmm30,0x44
000008d7  62932d4023deee        vshuff32x4 zmm3,zmm26,zmm30,0xee
000008de  62f37d4823e288        vshuff32x4 zmm4,zmm0,zmm2,0x88
000008e5  62d17c49116201        vmovups   [r10+0x40]{k1},zmm4
000008ec  62f37d4823eadd        vshuff32x4 zmm5,zmm0,zmm2,0xdd
000008f3  62d17c49116a03        vmovups   [r10+0xc0]{k1},zmm5
000008fa  62f3754823f388        vshuff32x4 zmm6,zmm1,zmm3,0x88
00000901  62d17c49117205        vmovups   [r10+0x140]{k1},zmm6
00000908  62f3754823fbdd        vshuff32x4 zmm7,zmm1,zmm3,0xdd
0000090f  62d17c49117a07        vmovups   [r10+0x1c0]{k1},zmm7
00000916  62b3654023c744        vshuff32x4 zmm0,zmm19,zmm23,0x44
0000091d  62b3654023cfee        vshuff32x4 zmm1,zmm19,zmm23,0xee
00000924  6293254023d744        vshuff32x4 zmm2,zmm27,zmm31,0x44
0000092b  6293254023dfee        vshuff32x4 zmm3,zmm27,zmm31,0xee
00000932  62f37d4823e288        vshuff32x4 zmm4,zmm0,zmm2,0x88
00000939  62d17c4911a260000000  vmovups   [r10+0x60]{k1},zmm4
00000943  62f37d4823eadd        vshuff32x4 zmm5,zmm0,zmm2,0xdd
0000094a  62d17c4911aae0000000  vmovups   [r10+0xe0]{k1},zmm5
00000954  62f3754823f388        vshuff32x4 zmm6,zmm1,zmm3,0x88
0000095b  62d17c4911b260010000  vmovups   [r10+0x160]{k1},zmm6
00000965  62f3754823fbdd        vshuff32x4 zmm7,zmm1,zmm3,0xdd
0000096c  62d17c4911bae0010000  vmovups   [r10+0x1e0]{k1},zmm7
00000976  4981c180010000        add       r9,0x180
0000097d  4981c200020000        add       r10,0x200
00000984  48ffc9                dec       rcx
00000987  0f85d3f6ffff          jne       panel_loop_0
done_0:
0000098d  48ffc0                inc       rax
00000990  493bc3                cmp       rax,r11
00000993  0f8300000000          jae       exit
exit:                           ; return
00000999  c5f877                vzeroupper
0000099c  c3                    ret
0000099d  cccccc                ; padding
jump_table:                     ; i32 offsets of the groups, from jump_table
000009a0  a2f6ffff              dd        group_0-jump_table
000009a4  cc x 28               ; padding
constants:                      ; vector constants (GELU's, or the gather's permutations)
000009c0  f304353f              dd        8 dup (0.70710677)  ; constants+0x0
000009e0  4dd47a40              dd        8 dup (3.9192078)  ; constants+0x20
00000a00  4dd47ac0              dd        8 dup (-3.9192078)  ; constants+0x40
00000a20  0000003f              dd        8 dup (0.5)  ; constants+0x60
00000a40  d4db83bc              dd        8 dup (-0.016096033)  ; constants+0x80
00000a60  f6a141bb              dd        8 dup (-0.0029546)  ; constants+0xa0
00000a80  63ac40ba              dd        8 dup (-0.00073499064)  ; constants+0xc0
00000aa0  d2c26eb8              dd        8 dup (-5.6925062e-5)  ; constants+0xe0
00000ac0  51ff0cb6              dd        8 dup (-2.101024e-6)  ; constants+0x100
00000ae0  eeffed32              dd        8 dup (2.7706815e-8)  ; constants+0x120
00000b00  0bdf95af              dd        8 dup (-2.7261424e-10)  ; constants+0x140
00000b20  a8b669bc              dd        8 dup (-0.01426474)  ; constants+0x160
00000b40  f79bf1bb              dd        8 dup (-0.007373329)  ; constants+0x180
00000b60  4e92dcba              dd        8 dup (-0.001682827)  ; constants+0x1a0
00000b80  2abd5fb9              dd        8 dup (-0.00021337406)  ; constants+0x1c0
00000ba0  ce6074b7              dd        8 dup (-1.4566072e-5)  ; constants+0x1e0
00000bc0  0000803f              dd        8 dup (1.0)  ; constants+0x200
00000be0  000080bf              dd        8 dup (-1.0)  ; constants+0x220
