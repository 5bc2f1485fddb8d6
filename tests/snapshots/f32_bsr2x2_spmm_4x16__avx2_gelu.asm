; kernel    f32_bsr2x2_spmm_4x16__avx2_gelu
; plan      M=5 K=3 block=2x2 isa=avx2 tile=4x16 (rows x tokens) bias=false act=gelu
; code      3360 bytes: 2824 of instructions (to 0xb08), 536 of data (jump table, constants); emitted by dynasm
; weights   nnz 10 (10 stored in 4 blocks, 33.3% sparse), 336.00 code bytes per nonzero
; compile   (masked in snapshots)

                                ; prologue: load KernelArgs, jump through jump_table to group_begin
00000000  488b8728000000        mov       rax,[rdi+args.group_begin]
00000007  4c8b9f30000000        mov       r11,[rdi+args.group_end]
0000000e  493bc3                cmp       rax,r11
00000011  0f83ed0a0000          jae       exit
00000017  488bb710000000        mov       rsi,[rdi+args.values]
0000001e  4c8b8718000000        mov       r8,[rdi+args.bias]
00000025  488d15dc0a0000        lea       rdx,[jump_table]
0000002c  48630c82              movsxd    rcx,[rdx+rax*4]
00000030  4801ca                add       rdx,rcx
00000033  ffe2                  jmp       rdx
group_0:                        ; output rows 0..4 (row-blocks 0..2); load X, Y and the panel count
00000035  4c8b8f00000000        mov       r9,[rdi+args.x]
0000003c  4c8b9708000000        mov       r10,[rdi+args.y]
00000043  488b8f20000000        mov       rcx,[rdi+args.panels]
0000004a  4885c9                test      rcx,rcx
0000004d  0f8489070000          je        done_0
00000053  90 x 13               nop       ; 13 bytes of alignment
panel_loop_0:                   ; one panel of 16 tokens per iteration: zero the 4x16 accumulator tile
00000060  488d9680000000        lea       rdx,[rsi+0x80]
00000067  c4e17c57c0            vxorps    ymm0,ymm0,ymm0
0000006c  c4e17457c9            vxorps    ymm1,ymm1,ymm1
00000071  c4e16c57d2            vxorps    ymm2,ymm2,ymm2
00000076  c4e16457db            vxorps    ymm3,ymm3,ymm3
0000007b  c4e15c57e4            vxorps    ymm4,ymm4,ymm4
00000080  c4e15457ed            vxorps    ymm5,ymm5,ymm5
00000085  c4e14c57f6            vxorps    ymm6,ymm6,ymm6
0000008a  c4e14457ff            vxorps    ymm7,ymm7,ymm7
                                ; k=0: weights 0..2 for block (0, 0)
0000008f  c4417c108100000000    vmovups   ymm8,[r9]
00000098  c4417c108920000000    vmovups   ymm9,[r9+0x20]
000000a1  c4627d185280          vbroadcastss ymm10,[rdx-0x80]
000000a7  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
000000ac  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
000000b1  c4627d185284          vbroadcastss ymm10,[rdx-0x7c]
000000b7  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
000000bc  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=1: weights 2..4 for block (0, 0)
000000c1  c4417c108140000000    vmovups   ymm8,[r9+0x40]
000000ca  c4417c108960000000    vmovups   ymm9,[r9+0x60]
000000d3  c4627d185288          vbroadcastss ymm10,[rdx-0x78]
000000d9  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
000000de  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
000000e3  c4627d18528c          vbroadcastss ymm10,[rdx-0x74]
000000e9  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
000000ee  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=2: weights 4..6 for block (0, 1)
000000f3  c4417c108180000000    vmovups   ymm8,[r9+0x80]
000000fc  c4417c1089a0000000    vmovups   ymm9,[r9+0xa0]
00000105  c4627d185290          vbroadcastss ymm10,[rdx-0x70]
0000010b  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
00000110  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
00000115  c4627d185294          vbroadcastss ymm10,[rdx-0x6c]
0000011b  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
00000120  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=2: weights 6..8 for block (1, 1)
00000125  c4627d185298          vbroadcastss ymm10,[rdx-0x68]
0000012b  c4c23db8e2            vfmadd231ps ymm4,ymm8,ymm10
00000130  c4c235b8ea            vfmadd231ps ymm5,ymm9,ymm10
00000135  c4627d18529c          vbroadcastss ymm10,[rdx-0x64]
0000013b  c4c23db8f2            vfmadd231ps ymm6,ymm8,ymm10
00000140  c4c235b8fa            vfmadd231ps ymm7,ymm9,ymm10
                                ; epilogue: gelu, transpose 4x8, store to Y; next panel
00000145  c57c5905d3090000      vmulps    ymm8,ymm0,[constants]
0000014d  c57c281deb090000      vmovaps   ymm11,[constants+0x20]
00000155  c441245dc0            vminps    ymm8,ymm11,ymm8
0000015a  c57c281dfe090000      vmovaps   ymm11,[constants+0x40]
00000162  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000167  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000016c  c57c2815ec0a0000      vmovaps   ymm10,[constants+0x140]
00000174  c46235a815c30a0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000017d  c46235a8159a0a0000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000186  c46235a815710a0000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000018f  c46235a815480a0000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000198  c46235a8151f0a0000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000001a1  c46235a815f6090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000001aa  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000001af  c57c281d490b0000      vmovaps   ymm11,[constants+0x1e0]
000001b7  c46235a81d200b0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000001c0  c46235a81df70a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000001c9  c46235a81dce0a0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000001d2  c46235a81da50a0000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000001db  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000001e0  c57c281d98090000      vmovaps   ymm11,[constants+0x60]
000001e8  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000001ed  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
000001f2  c574590526090000      vmulps    ymm8,ymm1,[constants]
000001fa  c57c281d3e090000      vmovaps   ymm11,[constants+0x20]
00000202  c441245dc0            vminps    ymm8,ymm11,ymm8
00000207  c57c281d51090000      vmovaps   ymm11,[constants+0x40]
0000020f  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000214  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000219  c57c28153f0a0000      vmovaps   ymm10,[constants+0x140]
00000221  c46235a815160a0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000022a  c46235a815ed090000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000233  c46235a815c4090000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000023c  c46235a8159b090000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000245  c46235a81572090000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000024e  c46235a81549090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000257  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000025c  c57c281d9c0a0000      vmovaps   ymm11,[constants+0x1e0]
00000264  c46235a81d730a0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000026d  c46235a81d4a0a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000276  c46235a81d210a0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000027f  c46235a81df8090000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000288  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000028d  c57c281deb080000      vmovaps   ymm11,[constants+0x60]
00000295  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000029a  c4c17459ca            vmulps    ymm1,ymm1,ymm10
0000029f  c56c590579080000      vmulps    ymm8,ymm2,[constants]
000002a7  c57c281d91080000      vmovaps   ymm11,[constants+0x20]
000002af  c441245dc0            vminps    ymm8,ymm11,ymm8
000002b4  c57c281da4080000      vmovaps   ymm11,[constants+0x40]
000002bc  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000002c1  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000002c6  c57c281592090000      vmovaps   ymm10,[constants+0x140]
000002ce  c46235a81569090000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000002d7  c46235a81540090000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000002e0  c46235a81517090000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000002e9  c46235a815ee080000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000002f2  c46235a815c5080000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000002fb  c46235a8159c080000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000304  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000309  c57c281def090000      vmovaps   ymm11,[constants+0x1e0]
00000311  c46235a81dc6090000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000031a  c46235a81d9d090000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000323  c46235a81d74090000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000032c  c46235a81d4b090000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000335  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000033a  c57c281d3e080000      vmovaps   ymm11,[constants+0x60]
00000342  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000347  c4c16c59d2            vmulps    ymm2,ymm2,ymm10
0000034c  c5645905cc070000      vmulps    ymm8,ymm3,[constants]
00000354  c57c281de4070000      vmovaps   ymm11,[constants+0x20]
0000035c  c441245dc0            vminps    ymm8,ymm11,ymm8
00000361  c57c281df7070000      vmovaps   ymm11,[constants+0x40]
00000369  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000036e  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000373  c57c2815e5080000      vmovaps   ymm10,[constants+0x140]
0000037b  c46235a815bc080000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000384  c46235a81593080000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000038d  c46235a8156a080000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000396  c46235a81541080000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
0000039f  c46235a81518080000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000003a8  c46235a815ef070000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000003b1  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000003b6  c57c281d42090000      vmovaps   ymm11,[constants+0x1e0]
000003be  c46235a81d19090000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000003c7  c46235a81df0080000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000003d0  c46235a81dc7080000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000003d9  c46235a81d9e080000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000003e2  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000003e7  c57c281d91070000      vmovaps   ymm11,[constants+0x60]
000003ef  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000003f4  c4c16459da            vmulps    ymm3,ymm3,ymm10
000003f9  c55c59051f070000      vmulps    ymm8,ymm4,[constants]
00000401  c57c281d37070000      vmovaps   ymm11,[constants+0x20]
00000409  c441245dc0            vminps    ymm8,ymm11,ymm8
0000040e  c57c281d4a070000      vmovaps   ymm11,[constants+0x40]
00000416  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000041b  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000420  c57c281538080000      vmovaps   ymm10,[constants+0x140]
00000428  c46235a8150f080000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000431  c46235a815e6070000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000043a  c46235a815bd070000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000443  c46235a81594070000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
0000044c  c46235a8156b070000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000455  c46235a81542070000    vfmadd213ps ymm10,ymm9,[constants+0x80]
0000045e  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000463  c57c281d95080000      vmovaps   ymm11,[constants+0x1e0]
0000046b  c46235a81d6c080000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000474  c46235a81d43080000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
0000047d  c46235a81d1a080000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000486  c46235a81df1070000    vfmadd213ps ymm11,ymm9,[constants+0x160]
0000048f  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000494  c57c281de4060000      vmovaps   ymm11,[constants+0x60]
0000049c  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000004a1  c4c15c59e2            vmulps    ymm4,ymm4,ymm10
000004a6  c554590572060000      vmulps    ymm8,ymm5,[constants]
000004ae  c57c281d8a060000      vmovaps   ymm11,[constants+0x20]
000004b6  c441245dc0            vminps    ymm8,ymm11,ymm8
000004bb  c57c281d9d060000      vmovaps   ymm11,[constants+0x40]
000004c3  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000004c8  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000004cd  c57c28158b070000      vmovaps   ymm10,[constants+0x140]
000004d5  c46235a81562070000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000004de  c46235a81539070000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000004e7  c46235a81510070000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000004f0  c46235a815e7060000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000004f9  c46235a815be060000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000502  c46235a81595060000    vfmadd213ps ymm10,ymm9,[constants+0x80]
0000050b  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000510  c57c281de8070000      vmovaps   ymm11,[constants+0x1e0]
00000518  c46235a81dbf070000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000521  c46235a81d96070000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
0000052a  c46235a81d6d070000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000533  c46235a81d44070000    vfmadd213ps ymm11,ymm9,[constants+0x160]
0000053c  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000541  c57c281d37060000      vmovaps   ymm11,[constants+0x60]
00000549  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000054e  c4c15459ea            vmulps    ymm5,ymm5,ymm10
00000553  c54c5905c5050000      vmulps    ymm8,ymm6,[constants]
0000055b  c57c281ddd050000      vmovaps   ymm11,[constants+0x20]
00000563  c441245dc0            vminps    ymm8,ymm11,ymm8
00000568  c57c281df0050000      vmovaps   ymm11,[constants+0x40]
00000570  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000575  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000057a  c57c2815de060000      vmovaps   ymm10,[constants+0x140]
00000582  c46235a815b5060000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000058b  c46235a8158c060000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000594  c46235a81563060000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000059d  c46235a8153a060000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000005a6  c46235a81511060000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000005af  c46235a815e8050000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000005b8  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000005bd  c57c281d3b070000      vmovaps   ymm11,[constants+0x1e0]
000005c5  c46235a81d12070000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000005ce  c46235a81de9060000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000005d7  c46235a81dc0060000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000005e0  c46235a81d97060000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000005e9  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000005ee  c57c281d8a050000      vmovaps   ymm11,[constants+0x60]
000005f6  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000005fb  c4c14c59f2            vmulps    ymm6,ymm6,ymm10
00000600  c544590518050000      vmulps    ymm8,ymm7,[constants]
00000608  c57c281d30050000      vmovaps   ymm11,[constants+0x20]
00000610  c441245dc0            vminps    ymm8,ymm11,ymm8
00000615  c57c281d43050000      vmovaps   ymm11,[constants+0x40]
0000061d  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000622  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000627  c57c281531060000      vmovaps   ymm10,[constants+0x140]
0000062f  c46235a81508060000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000638  c46235a815df050000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000641  c46235a815b6050000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000064a  c46235a8158d050000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000653  c46235a81564050000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000065c  c46235a8153b050000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000665  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000066a  c57c281d8e060000      vmovaps   ymm11,[constants+0x1e0]
00000672  c46235a81d65060000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000067b  c46235a81d3c060000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000684  c46235a81d13060000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000068d  c46235a81dea050000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000696  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000069b  c57c281ddd040000      vmovaps   ymm11,[constants+0x60]
000006a3  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000006a8  c4c14459fa            vmulps    ymm7,ymm7,ymm10
000006ad  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
000006b2  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
000006b7  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
000006bc  c4615c15de            vunpckhps ymm11,ymm4,ymm6
000006c1  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
000006c7  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
000006cd  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
000006d3  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
000006d9  c4c178118200000000    vmovups   [r10],xmm0
000006e2  c4c178119214000000    vmovups   [r10+0x14],xmm2
000006eb  c4c17811a228000000    vmovups   [r10+0x28],xmm4
000006f4  c4c17811b23c000000    vmovups   [r10+0x3c],xmm6
000006fd  c4c37d19c001          vextractf128 xmm8,ymm0,1
00000703  c44178118250000000    vmovups   [r10+0x50],xmm8
0000070c  c4c37d19d001          vextractf128 xmm8,ymm2,1
00000712  c44178118264000000    vmovups   [r10+0x64],xmm8
0000071b  c4c37d19e001          vextractf128 xmm8,ymm4,1
00000721  c44178118278000000    vmovups   [r10+0x78],xmm8
0000072a  c4c37d19f001          vextractf128 xmm8,ymm6,1
00000730  c4417811828c000000    vmovups   [r10+0x8c],xmm8
00000739  c4617414c3            vunpcklps ymm8,ymm1,ymm3
0000073e  c4617415cb            vunpckhps ymm9,ymm1,ymm3
00000743  c4615414d7            vunpcklps ymm10,ymm5,ymm7
00000748  c4615415df            vunpckhps ymm11,ymm5,ymm7
0000074d  c4c13cc6ca44          vshufps   ymm1,ymm8,ymm10,0x44
00000753  c4c13cc6daee          vshufps   ymm3,ymm8,ymm10,0xee
00000759  c4c134c6eb44          vshufps   ymm5,ymm9,ymm11,0x44
0000075f  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
00000765  c4c178118aa0000000    vmovups   [r10+0xa0],xmm1
0000076e  c4c178119ab4000000    vmovups   [r10+0xb4],xmm3
00000777  c4c17811aac8000000    vmovups   [r10+0xc8],xmm5
00000780  c4c17811badc000000    vmovups   [r10+0xdc],xmm7
00000789  c4c37d19c801          vextractf128 xmm8,ymm1,1
0000078f  c441781182f0000000    vmovups   [r10+0xf0],xmm8
00000798  c4c37d19d801          vextractf128 xmm8,ymm3,1
0000079e  c44178118204010000    vmovups   [r10+0x104],xmm8
000007a7  c4c37d19e801          vextractf128 xmm8,ymm5,1
000007ad  c44178118218010000    vmovups   [r10+0x118],xmm8
000007b6  c4c37d19f801          vextractf128 xmm8,ymm7,1
000007bc  c4417811822c010000    vmovups   [r10+0x12c],xmm8
000007c5  4981c1c0000000        add       r9,0xc0
000007cc  4981c240010000        add       r10,0x140
000007d3  48ffc9                dec       rcx
000007d6  0f8584f8ffff          jne       panel_loop_0
done_0:
000007dc  48ffc0                inc       rax
000007df  493bc3                cmp       rax,r11
000007e2  0f831c030000          jae       exit
group_1:                        ; output rows 4..5 (row-blocks 2..3); load X, Y and the panel count
000007e8  4c8b8f00000000        mov       r9,[rdi+args.x]
000007ef  4c8b9708000000        mov       r10,[rdi+args.y]
000007f6  488b8f20000000        mov       rcx,[rdi+args.panels]
000007fd  4885c9                test      rcx,rcx
00000800  0f84f2020000          je        done_1
00000806  90 x 10               nop       ; 10 bytes of alignment
panel_loop_1:                   ; one panel of 16 tokens per iteration: zero the 4x16 accumulator tile
00000810  488d96a0000000        lea       rdx,[rsi+0xa0]
00000817  c4e17c57c0            vxorps    ymm0,ymm0,ymm0
0000081c  c4e17457c9            vxorps    ymm1,ymm1,ymm1
00000821  c4e16c57d2            vxorps    ymm2,ymm2,ymm2
00000826  c4e16457db            vxorps    ymm3,ymm3,ymm3
0000082b  c4e15c57e4            vxorps    ymm4,ymm4,ymm4
00000830  c4e15457ed            vxorps    ymm5,ymm5,ymm5
00000835  c4e14c57f6            vxorps    ymm6,ymm6,ymm6
0000083a  c4e14457ff            vxorps    ymm7,ymm7,ymm7
                                ; k=0: weights 8..9 for block (2, 0)
0000083f  c4627d185280          vbroadcastss ymm10,[rdx-0x80]
00000845  c4c22db88100000000    vfmadd231ps ymm0,ymm10,[r9]
0000084e  c4c22db88920000000    vfmadd231ps ymm1,ymm10,[r9+0x20]
                                ; k=1: weights 9..10 for block (2, 0)
00000857  c4627d185284          vbroadcastss ymm10,[rdx-0x7c]
0000085d  c4c22db88140000000    vfmadd231ps ymm0,ymm10,[r9+0x40]
00000866  c4c22db88960000000    vfmadd231ps ymm1,ymm10,[r9+0x60]
                                ; epilogue: gelu, transpose 4x8, store to Y; next panel
0000086f  c57c5905a9020000      vmulps    ymm8,ymm0,[constants]
00000877  c57c281dc1020000      vmovaps   ymm11,[constants+0x20]
0000087f  c441245dc0            vminps    ymm8,ymm11,ymm8
00000884  c57c281dd4020000      vmovaps   ymm11,[constants+0x40]
0000088c  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000891  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000896  c57c2815c2030000      vmovaps   ymm10,[constants+0x140]
0000089e  c46235a81599030000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000008a7  c46235a81570030000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000008b0  c46235a81547030000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000008b9  c46235a8151e030000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000008c2  c46235a815f5020000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000008cb  c46235a815cc020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000008d4  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000008d9  c57c281d1f040000      vmovaps   ymm11,[constants+0x1e0]
000008e1  c46235a81df6030000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000008ea  c46235a81dcd030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000008f3  c46235a81da4030000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000008fc  c46235a81d7b030000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000905  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000090a  c57c281d6e020000      vmovaps   ymm11,[constants+0x60]
00000912  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000917  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
0000091c  c5745905fc010000      vmulps    ymm8,ymm1,[constants]
00000924  c57c281d14020000      vmovaps   ymm11,[constants+0x20]
0000092c  c441245dc0            vminps    ymm8,ymm11,ymm8
00000931  c57c281d27020000      vmovaps   ymm11,[constants+0x40]
00000939  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000093e  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000943  c57c281515030000      vmovaps   ymm10,[constants+0x140]
0000094b  c46235a815ec020000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000954  c46235a815c3020000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000095d  c46235a8159a020000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000966  c46235a81571020000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
0000096f  c46235a81548020000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000978  c46235a8151f020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000981  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000986  c57c281d72030000      vmovaps   ymm11,[constants+0x1e0]
0000098e  c46235a81d49030000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000997  c46235a81d20030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000009a0  c46235a81df7020000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000009a9  c46235a81dce020000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000009b2  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000009b7  c57c281dc1010000      vmovaps   ymm11,[constants+0x60]
000009bf  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000009c4  c4c17459ca            vmulps    ymm1,ymm1,ymm10
000009c9  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
000009ce  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
000009d3  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
000009d8  c4615c15de            vunpckhps ymm11,ymm4,ymm6
000009dd  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
000009e3  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
000009e9  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
000009ef  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
000009f5  c4c17a118210000000    vmovss    [r10+0x10],xmm0
000009fe  c4c17a119224000000    vmovss    [r10+0x24],xmm2
00000a07  c4c17a11a238000000    vmovss    [r10+0x38],xmm4
00000a10  c4c17a11b24c000000    vmovss    [r10+0x4c],xmm6
00000a19  c4c37d19c001          vextractf128 xmm8,ymm0,1
00000a1f  c4417a118260000000    vmovss    [r10+0x60],xmm8
00000a28  c4c37d19d001          vextractf128 xmm8,ymm2,1
00000a2e  c4417a118274000000    vmovss    [r10+0x74],xmm8
00000a37  c4c37d19e001          vextractf128 xmm8,ymm4,1
00000a3d  c4417a118288000000    vmovss    [r10+0x88],xmm8
00000a46  c4c37d19f001          vextractf128 xmm8,ymm6,1
00000a4c  c4417a11829c000000    vmovss    [r10+0x9c],xmm8
00000a55  c4617414c3            vunpcklps ymm8,ymm1,ymm3
00000a5a  c4617415cb            vunpckhps ymm9,ymm1,ymm3
00000a5f  c4615414d7            vunpcklps ymm10,ymm5,ymm7
00000a64  c4615415df            vunpckhps ymm11,ymm5,ymm7
00000a69  c4c13cc6ca44          vshufps   ymm1,ymm8,ymm10,0x44
00000a6f  c4c13cc6daee          vshufps   ymm3,ymm8,ymm10,0xee
00000a75  c4c134c6eb44          vshufps   ymm5,ymm9,ymm11,0x44
00000a7b  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
00000a81  c4c17a118ab0000000    vmovss    [r10+0xb0],xmm1
00000a8a  c4c17a119ac4000000    vmovss    [r10+0xc4],xmm3
00000a93  c4c17a11aad8000000    vmovss    [r10+0xd8],xmm5
00000a9c  c4c17a11baec000000    vmovss    [r10+0xec],xmm7
00000aa5  c4c37d19c801          vextractf128 xmm8,ymm1,1
00000aab  c4417a118200010000    vmovss    [r10+0x100],xmm8
00000ab4  c4c37d19d801          vextractf128 xmm8,ymm3,1
00000aba  c4417a118214010000    vmovss    [r10+0x114],xmm8
00000ac3  c4c37d19e801          vextractf128 xmm8,ymm5,1
00000ac9  c4417a118228010000    vmovss    [r10+0x128],xmm8
00000ad2  c4c37d19f801          vextractf128 xmm8,ymm7,1
00000ad8  c4417a11823c010000    vmovss    [r10+0x13c],xmm8
00000ae1  4981c1c0000000        add       r9,0xc0
00000ae8  4981c240010000        add       r10,0x140
00000aef  48ffc9                dec       rcx
00000af2  0f8518fdffff          jne       panel_loop_1
done_1:
00000af8  48ffc0                inc       rax
00000afb  493bc3                cmp       rax,r11
00000afe  0f8300000000          jae       exit
exit:                           ; return
00000b04  c5f877                vzeroupper
00000b07  c3                    ret
jump_table:                     ; i32 offsets of the groups, from jump_table
00000b08  2df5ffff              dd        group_0-jump_table
00000b0c  e0fcffff              dd        group_1-jump_table
00000b10  cc x 16               ; padding
constants:                      ; 32-byte vector constants of the epilogue
00000b20  f304353f              dd        8 dup (0.70710677)  ; constants+0x0
00000b40  00008040              dd        8 dup (4.0)  ; constants+0x20
00000b60  000080c0              dd        8 dup (-4.0)  ; constants+0x40
00000b80  0000003f              dd        8 dup (0.5)  ; constants+0x60
00000ba0  d4db83bc              dd        8 dup (-0.016096033)  ; constants+0x80
00000bc0  f6a141bb              dd        8 dup (-0.0029546)  ; constants+0xa0
00000be0  63ac40ba              dd        8 dup (-0.00073499064)  ; constants+0xc0
00000c00  d2c26eb8              dd        8 dup (-5.6925062e-5)  ; constants+0xe0
00000c20  51ff0cb6              dd        8 dup (-2.101024e-6)  ; constants+0x100
00000c40  eeffed32              dd        8 dup (2.7706815e-8)  ; constants+0x120
00000c60  0bdf95af              dd        8 dup (-2.7261424e-10)  ; constants+0x140
00000c80  a8b669bc              dd        8 dup (-0.01426474)  ; constants+0x160
00000ca0  f79bf1bb              dd        8 dup (-0.007373329)  ; constants+0x180
00000cc0  4e92dcba              dd        8 dup (-0.001682827)  ; constants+0x1a0
00000ce0  2abd5fb9              dd        8 dup (-0.00021337406)  ; constants+0x1c0
00000d00  ce6074b7              dd        8 dup (-1.4566072e-5)  ; constants+0x1e0
