; kernel    f32_bsr4x1_spmm_16x16__avx512_bias_gelu
; plan      M=8 K=6 block=4x1 isa=avx512 tile=16x16 (rows x tokens) bias=true act=gelu
; code      2976 bytes: 2453 of instructions (to 0x995), 523 of data (jump table, constants); emitted by dynasm
; weights   nnz 29 (32 stored in 8 blocks, 39.6% sparse), 102.62 code bytes per nonzero
; compile   (masked in snapshots)

                                ; prologue: load KernelArgs, jump through jump_table to group_begin
00000000  488b8728000000        mov       rax,[rdi+args.group_begin]
00000007  4c8b9f30000000        mov       r11,[rdi+args.group_end]
0000000e  493bc3                cmp       rax,r11
00000011  0f837a090000          jae       exit
00000017  488bb710000000        mov       rsi,[rdi+args.values]
0000001e  4c8b8718000000        mov       r8,[rdi+args.bias]
00000025  488d156c090000        lea       rdx,[jump_table]
0000002c  48630c82              movsxd    rcx,[rdx+rax*4]
00000030  4801ca                add       rdx,rcx
00000033  ffe2                  jmp       rdx
group_0:                        ; output rows 0..8 (row-blocks 0..2); load X, Y and the panel count
00000035  4c8b8f00000000        mov       r9,[rdi+args.x]
0000003c  4c8b9708000000        mov       r10,[rdi+args.y]
00000043  488b8f20000000        mov       rcx,[rdi+args.panels]
0000004a  4885c9                test      rcx,rcx
0000004d  0f8432090000          je        done_0
00000053  90 x 13               nop       ; 13 bytes of alignment
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
                                ; epilogue: add bias, gelu, transpose 4x8, store to Y; next panel
000001d0  62c17c505800          vaddps    zmm16,zmm16,[r8]{1to16}
000001d6  62c17450584801        vaddps    zmm17,zmm17,[r8+4]{1to16}
000001dd  62c16c50585002        vaddps    zmm18,zmm18,[r8+8]{1to16}
000001e4  62c16450585803        vaddps    zmm19,zmm19,[r8+0xc]{1to16}
000001eb  62c15c50586004        vaddps    zmm20,zmm20,[r8+0x10]{1to16}
000001f2  62c15450586805        vaddps    zmm21,zmm21,[r8+0x14]{1to16}
000001f9  62c14c50587006        vaddps    zmm22,zmm22,[r8+0x18]{1to16}
00000200  62c14450587807        vaddps    zmm23,zmm23,[r8+0x1c]{1to16}
00000207  488d1592070000        lea       rdx,[constants]
0000020e  62f17c505902          vmulps    zmm0,zmm16,[rdx]{1to16}
00000214  62f27d48185a08        vbroadcastss zmm3,[rdx+0x20]
0000021b  62f164485dc0          vminps    zmm0,zmm3,zmm0
00000221  62f27d48185a10        vbroadcastss zmm3,[rdx+0x40]
00000228  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
0000022e  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
00000234  62f27d48185250        vbroadcastss zmm2,[rdx+0x140]
0000023b  62f27558a85248        vfmadd213ps zmm2,zmm1,[rdx+0x120]{1to16}
00000242  62f27558a85240        vfmadd213ps zmm2,zmm1,[rdx+0x100]{1to16}
00000249  62f27558a85238        vfmadd213ps zmm2,zmm1,[rdx+0xe0]{1to16}
00000250  62f27558a85230        vfmadd213ps zmm2,zmm1,[rdx+0xc0]{1to16}
00000257  62f27558a85228        vfmadd213ps zmm2,zmm1,[rdx+0xa0]{1to16}
0000025e  62f27558a85220        vfmadd213ps zmm2,zmm1,[rdx+0x80]{1to16}
00000265  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
0000026b  62f27d48185a78        vbroadcastss zmm3,[rdx+0x1e0]
00000272  62f27558a85a70        vfmadd213ps zmm3,zmm1,[rdx+0x1c0]{1to16}
00000279  62f27558a85a68        vfmadd213ps zmm3,zmm1,[rdx+0x1a0]{1to16}
00000280  62f27558a85a60        vfmadd213ps zmm3,zmm1,[rdx+0x180]{1to16}
00000287  62f27558a85a58        vfmadd213ps zmm3,zmm1,[rdx+0x160]{1to16}
0000028e  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
00000294  62f27d48185a18        vbroadcastss zmm3,[rdx+0x60]
0000029b  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
000002a1  62e17c4059c2          vmulps    zmm16,zmm16,zmm2
000002a7  62f174505902          vmulps    zmm0,zmm17,[rdx]{1to16}
000002ad  62f27d48185a08        vbroadcastss zmm3,[rdx+0x20]
000002b4  62f164485dc0          vminps    zmm0,zmm3,zmm0
000002ba  62f27d48185a10        vbroadcastss zmm3,[rdx+0x40]
000002c1  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
000002c7  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
000002cd  62f27d48185250        vbroadcastss zmm2,[rdx+0x140]
000002d4  62f27558a85248        vfmadd213ps zmm2,zmm1,[rdx+0x120]{1to16}
000002db  62f27558a85240        vfmadd213ps zmm2,zmm1,[rdx+0x100]{1to16}
000002e2  62f27558a85238        vfmadd213ps zmm2,zmm1,[rdx+0xe0]{1to16}
000002e9  62f27558a85230        vfmadd213ps zmm2,zmm1,[rdx+0xc0]{1to16}
000002f0  62f27558a85228        vfmadd213ps zmm2,zmm1,[rdx+0xa0]{1to16}
000002f7  62f27558a85220        vfmadd213ps zmm2,zmm1,[rdx+0x80]{1to16}
000002fe  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
00000304  62f27d48185a78        vbroadcastss zmm3,[rdx+0x1e0]
0000030b  62f27558a85a70        vfmadd213ps zmm3,zmm1,[rdx+0x1c0]{1to16}
00000312  62f27558a85a68        vfmadd213ps zmm3,zmm1,[rdx+0x1a0]{1to16}
00000319  62f27558a85a60        vfmadd213ps zmm3,zmm1,[rdx+0x180]{1to16}
00000320  62f27558a85a58        vfmadd213ps zmm3,zmm1,[rdx+0x160]{1to16}
00000327  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
0000032d  62f27d48185a18        vbroadcastss zmm3,[rdx+0x60]
00000334  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
0000033a  62e1744059ca          vmulps    zmm17,zmm17,zmm2
00000340  62f16c505902          vmulps    zmm0,zmm18,[rdx]{1to16}
00000346  62f27d48185a08        vbroadcastss zmm3,[rdx+0x20]
0000034d  62f164485dc0          vminps    zmm0,zmm3,zmm0
00000353  62f27d48185a10        vbroadcastss zmm3,[rdx+0x40]
0000035a  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
00000360  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
00000366  62f27d48185250        vbroadcastss zmm2,[rdx+0x140]
0000036d  62f27558a85248        vfmadd213ps zmm2,zmm1,[rdx+0x120]{1to16}
00000374  62f27558a85240        vfmadd213ps zmm2,zmm1,[rdx+0x100]{1to16}
0000037b  62f27558a85238        vfmadd213ps zmm2,zmm1,[rdx+0xe0]{1to16}
00000382  62f27558a85230        vfmadd213ps zmm2,zmm1,[rdx+0xc0]{1to16}
00000389  62f27558a85228        vfmadd213ps zmm2,zmm1,[rdx+0xa0]{1to16}
00000390  62f27558a85220        vfmadd213ps zmm2,zmm1,[rdx+0x80]{1to16}
00000397  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
0000039d  62f27d48185a78        vbroadcastss zmm3,[rdx+0x1e0]
000003a4  62f27558a85a70        vfmadd213ps zmm3,zmm1,[rdx+0x1c0]{1to16}
000003ab  62f27558a85a68        vfmadd213ps zmm3,zmm1,[rdx+0x1a0]{1to16}
000003b2  62f27558a85a60        vfmadd213ps zmm3,zmm1,[rdx+0x180]{1to16}
000003b9  62f27558a85a58        vfmadd213ps zmm3,zmm1,[rdx+0x160]{1to16}
000003c0  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
000003c6  62f27d48185a18        vbroadcastss zmm3,[rdx+0x60]
000003cd  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
000003d3  62e16c4059d2          vmulps    zmm18,zmm18,zmm2
000003d9  62f164505902          vmulps    zmm0,zmm19,[rdx]{1to16}
000003df  62f27d48185a08        vbroadcastss zmm3,[rdx+0x20]
000003e6  62f164485dc0          vminps    zmm0,zmm3,zmm0
000003ec  62f27d48185a10        vbroadcastss zmm3,[rdx+0x40]
000003f3  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
000003f9  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
000003ff  62f27d48185250        vbroadcastss zmm2,[rdx+0x140]
00000406  62f27558a85248        vfmadd213ps zmm2,zmm1,[rdx+0x120]{1to16}
0000040d  62f27558a85240        vfmadd213ps zmm2,zmm1,[rdx+0x100]{1to16}
00000414  62f27558a85238        vfmadd213ps zmm2,zmm1,[rdx+0xe0]{1to16}
0000041b  62f27558a85230        vfmadd213ps zmm2,zmm1,[rdx+0xc0]{1to16}
00000422  62f27558a85228        vfmadd213ps zmm2,zmm1,[rdx+0xa0]{1to16}
00000429  62f27558a85220        vfmadd213ps zmm2,zmm1,[rdx+0x80]{1to16}
00000430  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
00000436  62f27d48185a78        vbroadcastss zmm3,[rdx+0x1e0]
0000043d  62f27558a85a70        vfmadd213ps zmm3,zmm1,[rdx+0x1c0]{1to16}
00000444  62f27558a85a68        vfmadd213ps zmm3,zmm1,[rdx+0x1a0]{1to16}
0000044b  62f27558a85a60        vfmadd213ps zmm3,zmm1,[rdx+0x180]{1to16}
00000452  62f27558a85a58        vfmadd213ps zmm3,zmm1,[rdx+0x160]{1to16}
00000459  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
0000045f  62f27d48185a18        vbroadcastss zmm3,[rdx+0x60]
00000466  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
0000046c  62e1644059da          vmulps    zmm19,zmm19,zmm2
00000472  62f15c505902          vmulps    zmm0,zmm20,[rdx]{1to16}
00000478  62f27d48185a08        vbroadcastss zmm3,[rdx+0x20]
0000047f  62f164485dc0          vminps    zmm0,zmm3,zmm0
00000485  62f27d48185a10        vbroadcastss zmm3,[rdx+0x40]
0000048c  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
00000492  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
00000498  62f27d48185250        vbroadcastss zmm2,[rdx+0x140]
0000049f  62f27558a85248        vfmadd213ps zmm2,zmm1,[rdx+0x120]{1to16}
000004a6  62f27558a85240        vfmadd213ps zmm2,zmm1,[rdx+0x100]{1to16}
000004ad  62f27558a85238        vfmadd213ps zmm2,zmm1,[rdx+0xe0]{1to16}
000004b4  62f27558a85230        vfmadd213ps zmm2,zmm1,[rdx+0xc0]{1to16}
000004bb  62f27558a85228        vfmadd213ps zmm2,zmm1,[rdx+0xa0]{1to16}
000004c2  62f27558a85220        vfmadd213ps zmm2,zmm1,[rdx+0x80]{1to16}
000004c9  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
000004cf  62f27d48185a78        vbroadcastss zmm3,[rdx+0x1e0]
000004d6  62f27558a85a70        vfmadd213ps zmm3,zmm1,[rdx+0x1c0]{1to16}
000004dd  62f27558a85a68        vfmadd213ps zmm3,zmm1,[rdx+0x1a0]{1to16}
000004e4  62f27558a85a60        vfmadd213ps zmm3,zmm1,[rdx+0x180]{1to16}
000004eb  62f27558a85a58        vfmadd213ps zmm3,zmm1,[rdx+0x160]{1to16}
000004f2  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
000004f8  62f27d48185a18        vbroadcastss zmm3,[rdx+0x60]
000004ff  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
00000505  62e15c4059e2          vmulps    zmm20,zmm20,zmm2
0000050b  62f154505902          vmulps    zmm0,zmm21,[rdx]{1to16}
00000511  62f27d48185a08        vbroadcastss zmm3,[rdx+0x20]
00000518  62f164485dc0          vminps    zmm0,zmm3,zmm0
0000051e  62f27d48185a10        vbroadcastss zmm3,[rdx+0x40]
00000525  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
0000052b  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
00000531  62f27d48185250        vbroadcastss zmm2,[rdx+0x140]
00000538  62f27558a85248        vfmadd213ps zmm2,zmm1,[rdx+0x120]{1to16}
0000053f  62f27558a85240        vfmadd213ps zmm2,zmm1,[rdx+0x100]{1to16}
00000546  62f27558a85238        vfmadd213ps zmm2,zmm1,[rdx+0xe0]{1to16}
0000054d  62f27558a85230        vfmadd213ps zmm2,zmm1,[rdx+0xc0]{1to16}
00000554  62f27558a85228        vfmadd213ps zmm2,zmm1,[rdx+0xa0]{1to16}
0000055b  62f27558a85220        vfmadd213ps zmm2,zmm1,[rdx+0x80]{1to16}
00000562  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
00000568  62f27d48185a78        vbroadcastss zmm3,[rdx+0x1e0]
0000056f  62f27558a85a70        vfmadd213ps zmm3,zmm1,[rdx+0x1c0]{1to16}
00000576  62f27558a85a68        vfmadd213ps zmm3,zmm1,[rdx+0x1a0]{1to16}
0000057d  62f27558a85a60        vfmadd213ps zmm3,zmm1,[rdx+0x180]{1to16}
00000584  62f27558a85a58        vfmadd213ps zmm3,zmm1,[rdx+0x160]{1to16}
0000058b  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
00000591  62f27d48185a18        vbroadcastss zmm3,[rdx+0x60]
00000598  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
0000059e  62e1544059ea          vmulps    zmm21,zmm21,zmm2
000005a4  62f14c505902          vmulps    zmm0,zmm22,[rdx]{1to16}
000005aa  62f27d48185a08        vbroadcastss zmm3,[rdx+0x20]
000005b1  62f164485dc0          vminps    zmm0,zmm3,zmm0
000005b7  62f27d48185a10        vbroadcastss zmm3,[rdx+0x40]
000005be  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
000005c4  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
000005ca  62f27d48185250        vbroadcastss zmm2,[rdx+0x140]
000005d1  62f27558a85248        vfmadd213ps zmm2,zmm1,[rdx+0x120]{1to16}
000005d8  62f27558a85240        vfmadd213ps zmm2,zmm1,[rdx+0x100]{1to16}
000005df  62f27558a85238        vfmadd213ps zmm2,zmm1,[rdx+0xe0]{1to16}
000005e6  62f27558a85230        vfmadd213ps zmm2,zmm1,[rdx+0xc0]{1to16}
000005ed  62f27558a85228        vfmadd213ps zmm2,zmm1,[rdx+0xa0]{1to16}
000005f4  62f27558a85220        vfmadd213ps zmm2,zmm1,[rdx+0x80]{1to16}
000005fb  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
00000601  62f27d48185a78        vbroadcastss zmm3,[rdx+0x1e0]
00000608  62f27558a85a70        vfmadd213ps zmm3,zmm1,[rdx+0x1c0]{1to16}
0000060f  62f27558a85a68        vfmadd213ps zmm3,zmm1,[rdx+0x1a0]{1to16}
00000616  62f27558a85a60        vfmadd213ps zmm3,zmm1,[rdx+0x180]{1to16}
0000061d  62f27558a85a58        vfmadd213ps zmm3,zmm1,[rdx+0x160]{1to16}
00000624  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
0000062a  62f27d48185a18        vbroadcastss zmm3,[rdx+0x60]
00000631  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
00000637  62e14c4059f2          vmulps    zmm22,zmm22,zmm2
0000063d  62f144505902          vmulps    zmm0,zmm23,[rdx]{1to16}
00000643  62f27d48185a08        vbroadcastss zmm3,[rdx+0x20]
0000064a  62f164485dc0          vminps    zmm0,zmm3,zmm0
00000650  62f27d48185a10        vbroadcastss zmm3,[rdx+0x40]
00000657  62f164485fc0          vmaxps    zmm0,zmm3,zmm0
0000065d  62f17c4859c8          vmulps    zmm1,zmm0,zmm0
00000663  62f27d48185250        vbroadcastss zmm2,[rdx+0x140]
0000066a  62f27558a85248        vfmadd213ps zmm2,zmm1,[rdx+0x120]{1to16}
00000671  62f27558a85240        vfmadd213ps zmm2,zmm1,[rdx+0x100]{1to16}
00000678  62f27558a85238        vfmadd213ps zmm2,zmm1,[rdx+0xe0]{1to16}
0000067f  62f27558a85230        vfmadd213ps zmm2,zmm1,[rdx+0xc0]{1to16}
00000686  62f27558a85228        vfmadd213ps zmm2,zmm1,[rdx+0xa0]{1to16}
0000068d  62f27558a85220        vfmadd213ps zmm2,zmm1,[rdx+0x80]{1to16}
00000694  62f16c4859d0          vmulps    zmm2,zmm2,zmm0
0000069a  62f27d48185a78        vbroadcastss zmm3,[rdx+0x1e0]
000006a1  62f27558a85a70        vfmadd213ps zmm3,zmm1,[rdx+0x1c0]{1to16}
000006a8  62f27558a85a68        vfmadd213ps zmm3,zmm1,[rdx+0x1a0]{1to16}
000006af  62f27558a85a60        vfmadd213ps zmm3,zmm1,[rdx+0x180]{1to16}
000006b6  62f27558a85a58        vfmadd213ps zmm3,zmm1,[rdx+0x160]{1to16}
000006bd  62f16c485ed3          vdivps    zmm2,zmm2,zmm3
000006c3  62f27d48185a18        vbroadcastss zmm3,[rdx+0x60]
000006ca  62f26548a8d3          vfmadd213ps zmm2,zmm3,zmm3
000006d0  62e1444059fa          vmulps    zmm23,zmm23,zmm2
000006d6  62b17c2828c0          vmovaps   ymm0,ymm16
000006dc  62e3fd481bc401        vextractf64x4 ymm4,zmm16,1
000006e3  62b17c2828c9          vmovaps   ymm1,ymm17
000006e9  62e3fd481bcd01        vextractf64x4 ymm5,zmm17,1
000006f0  62b17c2828d2          vmovaps   ymm2,ymm18
000006f6  62e3fd481bd601        vextractf64x4 ymm6,zmm18,1
000006fd  62b17c2828db          vmovaps   ymm3,ymm19
00000703  62e3fd481bdf01        vextractf64x4 ymm7,zmm19,1
0000070a  c4617c14c1            vunpcklps ymm8,ymm0,ymm1
0000070f  c4617c15c9            vunpckhps ymm9,ymm0,ymm1
00000714  c4616c14d3            vunpcklps ymm10,ymm2,ymm3
00000719  c4616c15db            vunpckhps ymm11,ymm2,ymm3
0000071e  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
00000724  c4c13cc6caee          vshufps   ymm1,ymm8,ymm10,0xee
0000072a  c4c134c6d344          vshufps   ymm2,ymm9,ymm11,0x44
00000730  c4c134c6dbee          vshufps   ymm3,ymm9,ymm11,0xee
00000736  c4c178118200000000    vmovups   [r10],xmm0
0000073f  c4c178118a20000000    vmovups   [r10+0x20],xmm1
00000748  c4c178119240000000    vmovups   [r10+0x40],xmm2
00000751  c4c178119a60000000    vmovups   [r10+0x60],xmm3
0000075a  c4c37d19c001          vextractf128 xmm8,ymm0,1
00000760  c44178118280000000    vmovups   [r10+0x80],xmm8
00000769  c4c37d19c801          vextractf128 xmm8,ymm1,1
0000076f  c441781182a0000000    vmovups   [r10+0xa0],xmm8
00000778  c4c37d19d001          vextractf128 xmm8,ymm2,1
0000077e  c441781182c0000000    vmovups   [r10+0xc0],xmm8
00000787  c4c37d19d801          vextractf128 xmm8,ymm3,1
0000078d  c441781182e0000000    vmovups   [r10+0xe0],xmm8
00000796  c4615c14c5            vunpcklps ymm8,ymm4,ymm5
0000079b  c4615c15cd            vunpckhps ymm9,ymm4,ymm5
000007a0  c4614c14d7            vunpcklps ymm10,ymm6,ymm7
000007a5  c4614c15df            vunpckhps ymm11,ymm6,ymm7
000007aa  c4c13cc6e244          vshufps   ymm4,ymm8,ymm10,0x44
000007b0  c4c13cc6eaee          vshufps   ymm5,ymm8,ymm10,0xee
000007b6  c4c134c6f344          vshufps   ymm6,ymm9,ymm11,0x44
000007bc  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
000007c2  c4c17811a200010000    vmovups   [r10+0x100],xmm4
000007cb  c4c17811aa20010000    vmovups   [r10+0x120],xmm5
000007d4  c4c17811b240010000    vmovups   [r10+0x140],xmm6
000007dd  c4c17811ba60010000    vmovups   [r10+0x160],xmm7
000007e6  c4c37d19e001          vextractf128 xmm8,ymm4,1
000007ec  c44178118280010000    vmovups   [r10+0x180],xmm8
000007f5  c4c37d19e801          vextractf128 xmm8,ymm5,1
000007fb  c441781182a0010000    vmovups   [r10+0x1a0],xmm8
00000804  c4c37d19f001          vextractf128 xmm8,ymm6,1
0000080a  c441781182c0010000    vmovups   [r10+0x1c0],xmm8
00000813  c4c37d19f801          vextractf128 xmm8,ymm7,1
00000819  c441781182e0010000    vmovups   [r10+0x1e0],xmm8
00000822  62b17c2828c4          vmovaps   ymm0,ymm20
00000828  62e3fd481be401        vextractf64x4 ymm4,zmm20,1
0000082f  62b17c2828cd          vmovaps   ymm1,ymm21
00000835  62e3fd481bed01        vextractf64x4 ymm5,zmm21,1
0000083c  62b17c2828d6          vmovaps   ymm2,ymm22
00000842  62e3fd481bf601        vextractf64x4 ymm6,zmm22,1
00000849  62b17c2828df          vmovaps   ymm3,ymm23
0000084f  62e3fd481bff01        vextractf64x4 ymm7,zmm23,1
00000856  c4617c14c1            vunpcklps ymm8,ymm0,ymm1
0000085b  c4617c15c9            vunpckhps ymm9,ymm0,ymm1
00000860  c4616c14d3            vunpcklps ymm10,ymm2,ymm3
00000865  c4616c15db            vunpckhps ymm11,ymm2,ymm3
0000086a  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
00000870  c4c13cc6caee          vshufps   ymm1,ymm8,ymm10,0xee
00000876  c4c134c6d344          vshufps   ymm2,ymm9,ymm11,0x44
0000087c  c4c134c6dbee          vshufps   ymm3,ymm9,ymm11,0xee
00000882  c4c178118210000000    vmovups   [r10+0x10],xmm0
0000088b  c4c178118a30000000    vmovups   [r10+0x30],xmm1
00000894  c4c178119250000000    vmovups   [r10+0x50],xmm2
0000089d  c4c178119a70000000    vmovups   [r10+0x70],xmm3
000008a6  c4c37d19c001          vextractf128 xmm8,ymm0,1
000008ac  c44178118290000000    vmovups   [r10+0x90],xmm8
000008b5  c4c37d19c801          vextractf128 xmm8,ymm1,1
000008bb  c441781182b0000000    vmovups   [r10+0xb0],xmm8
000008c4  c4c37d19d001          vextractf128 xmm8,ymm2,1
000008ca  c441781182d0000000    vmovups   [r10+0xd0],xmm8
000008d3  c4c37d19d801          vextractf128 xmm8,ymm3,1
000008d9  c441781182f0000000    vmovups   [r10+0xf0],xmm8
000008e2  c4615c14c5            vunpcklps ymm8,ymm4,ymm5
000008e7  c4615c15cd            vunpckhps ymm9,ymm4,ymm5
000008ec  c4614c14d7            vunpcklps ymm10,ymm6,ymm7
000008f1  c4614c15df            vunpckhps ymm11,ymm6,ymm7
000008f6  c4c13cc6e244          vshufps   ymm4,ymm8,ymm10,0x44
000008fc  c4c13cc6eaee          vshufps   ymm5,ymm8,ymm10,0xee
00000902  c4c134c6f344          vshufps   ymm6,ymm9,ymm11,0x44
00000908  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
0000090e  c4c17811a210010000    vmovups   [r10+0x110],xmm4
00000917  c4c17811aa30010000    vmovups   [r10+0x130],xmm5
00000920  c4c17811b250010000    vmovups   [r10+0x150],xmm6
00000929  c4c17811ba70010000    vmovups   [r10+0x170],xmm7
00000932  c4c37d19e001          vextractf128 xmm8,ymm4,1
00000938  c44178118290010000    vmovups   [r10+0x190],xmm8
00000941  c4c37d19e801          vextractf128 xmm8,ymm5,1
00000947  c441781182b0010000    vmovups   [r10+0x1b0],xmm8
00000950  c4c37d19f001          vextractf128 xmm8,ymm6,1
00000956  c441781182d0010000    vmovups   [r10+0x1d0],xmm8
0000095f  c4c37d19f801          vextractf128 xmm8,ymm7,1
00000965  c441781182f0010000    vmovups   [r10+0x1f0],xmm8
0000096e  4981c180010000        add       r9,0x180
00000975  4981c200020000        add       r10,0x200
0000097c  48ffc9                dec       rcx
0000097f  0f85dbf6ffff          jne       panel_loop_0
done_0:
00000985  48ffc0                inc       rax
00000988  493bc3                cmp       rax,r11
0000098b  0f8300000000          jae       exit
exit:                           ; return
00000991  c5f877                vzeroupper
00000994  c3                    ret
00000995  cccccc                ; padding
jump_table:                     ; i32 offsets of the groups, from jump_table
00000998  9df6ffff              dd        group_0-jump_table
0000099c  cccccccc              ; padding
constants:                      ; 32-byte vector constants of the epilogue
000009a0  f304353f              dd        8 dup (0.70710677)  ; constants+0x0
000009c0  00008040              dd        8 dup (4.0)  ; constants+0x20
000009e0  000080c0              dd        8 dup (-4.0)  ; constants+0x40
00000a00  0000003f              dd        8 dup (0.5)  ; constants+0x60
00000a20  d4db83bc              dd        8 dup (-0.016096033)  ; constants+0x80
00000a40  f6a141bb              dd        8 dup (-0.0029546)  ; constants+0xa0
00000a60  63ac40ba              dd        8 dup (-0.00073499064)  ; constants+0xc0
00000a80  d2c26eb8              dd        8 dup (-5.6925062e-5)  ; constants+0xe0
00000aa0  51ff0cb6              dd        8 dup (-2.101024e-6)  ; constants+0x100
00000ac0  eeffed32              dd        8 dup (2.7706815e-8)  ; constants+0x120
00000ae0  0bdf95af              dd        8 dup (-2.7261424e-10)  ; constants+0x140
00000b00  a8b669bc              dd        8 dup (-0.01426474)  ; constants+0x160
00000b20  f79bf1bb              dd        8 dup (-0.007373329)  ; constants+0x180
00000b40  4e92dcba              dd        8 dup (-0.001682827)  ; constants+0x1a0
00000b60  2abd5fb9              dd        8 dup (-0.00021337406)  ; constants+0x1c0
00000b80  ce6074b7              dd        8 dup (-1.4566072e-5)  ; constants+0x1e0
