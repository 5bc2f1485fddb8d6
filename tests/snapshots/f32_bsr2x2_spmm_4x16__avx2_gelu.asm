; kernel    f32_bsr2x2_spmm_4x16__avx2_gelu
; plan      M=5 K=3 block=2x2 isa=avx2 tile=4x16 (rows x tokens) bias=false act=gelu
; code      3392 bytes: 2856 of instructions (to 0xb28), 536 of data (jump table, constants); emitted by dynasm
; weights   nnz 10 (10 stored in 4 blocks, 33.3% sparse), 339.20 code bytes per nonzero
; compile   (masked in snapshots)

                                ; prologue: load KernelArgs, jump through jump_table to group_begin
00000000  488b8728000000        mov       rax,[rdi+args.group_begin]
00000007  4c8b9f30000000        mov       r11,[rdi+args.group_end]
0000000e  493bc3                cmp       rax,r11
00000011  0f830d0b0000          jae       exit
00000017  488bb710000000        mov       rsi,[rdi+args.values]
0000001e  4c8b8718000000        mov       r8,[rdi+args.bias]
00000025  488d15fc0a0000        lea       rdx,[jump_table]
0000002c  48630c82              movsxd    rcx,[rdx+rax*4]
00000030  4801ca                add       rdx,rcx
00000033  ffe2                  jmp       rdx
group_0:                        ; output rows 0..4 (row-blocks 0..2); load X, Y and the panel count
00000035  4c8b8f00000000        mov       r9,[rdi+args.x]
0000003c  4c8b9708000000        mov       r10,[rdi+args.y]
00000043  488b8f20000000        mov       rcx,[rdi+args.panels]
0000004a  4885c9                test      rcx,rcx
0000004d  0f84a9070000          je        done_0
00000053  0f1815ae070000        prefetcht1 [group_1]
0000005a  0f1815e7070000        prefetcht1 [panel_loop_1+0x18]
00000061  0f181520080000        prefetcht1 [panel_loop_1+0x58]
00000068  0f181559080000        prefetcht1 [panel_loop_1+0x98]
0000006f  0f181592080000        prefetcht1 [panel_loop_1+0xd8]
00000076  0f1815cb080000        prefetcht1 [panel_loop_1+0x118]
0000007d  909090                nop       ; 3 bytes of alignment
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
00000165  c57c5905d3090000      vmulps    ymm8,ymm0,[constants]
0000016d  c57c281deb090000      vmovaps   ymm11,[constants+0x20]
00000175  c441245dc0            vminps    ymm8,ymm11,ymm8
0000017a  c57c281dfe090000      vmovaps   ymm11,[constants+0x40]
00000182  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000187  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000018c  c57c2815ec0a0000      vmovaps   ymm10,[constants+0x140]
00000194  c46235a815c30a0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000019d  c46235a8159a0a0000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000001a6  c46235a815710a0000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000001af  c46235a815480a0000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000001b8  c46235a8151f0a0000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000001c1  c46235a815f6090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000001ca  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000001cf  c57c281d490b0000      vmovaps   ymm11,[constants+0x1e0]
000001d7  c46235a81d200b0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000001e0  c46235a81df70a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000001e9  c46235a81dce0a0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000001f2  c46235a81da50a0000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000001fb  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000200  c57c281d98090000      vmovaps   ymm11,[constants+0x60]
00000208  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000020d  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
00000212  c574590526090000      vmulps    ymm8,ymm1,[constants]
0000021a  c57c281d3e090000      vmovaps   ymm11,[constants+0x20]
00000222  c441245dc0            vminps    ymm8,ymm11,ymm8
00000227  c57c281d51090000      vmovaps   ymm11,[constants+0x40]
0000022f  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000234  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000239  c57c28153f0a0000      vmovaps   ymm10,[constants+0x140]
00000241  c46235a815160a0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000024a  c46235a815ed090000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000253  c46235a815c4090000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000025c  c46235a8159b090000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000265  c46235a81572090000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000026e  c46235a81549090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000277  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000027c  c57c281d9c0a0000      vmovaps   ymm11,[constants+0x1e0]
00000284  c46235a81d730a0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000028d  c46235a81d4a0a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000296  c46235a81d210a0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000029f  c46235a81df8090000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000002a8  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000002ad  c57c281deb080000      vmovaps   ymm11,[constants+0x60]
000002b5  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000002ba  c4c17459ca            vmulps    ymm1,ymm1,ymm10
000002bf  c56c590579080000      vmulps    ymm8,ymm2,[constants]
000002c7  c57c281d91080000      vmovaps   ymm11,[constants+0x20]
000002cf  c441245dc0            vminps    ymm8,ymm11,ymm8
000002d4  c57c281da4080000      vmovaps   ymm11,[constants+0x40]
000002dc  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000002e1  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000002e6  c57c281592090000      vmovaps   ymm10,[constants+0x140]
000002ee  c46235a81569090000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000002f7  c46235a81540090000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000300  c46235a81517090000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000309  c46235a815ee080000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000312  c46235a815c5080000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000031b  c46235a8159c080000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000324  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000329  c57c281def090000      vmovaps   ymm11,[constants+0x1e0]
00000331  c46235a81dc6090000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000033a  c46235a81d9d090000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000343  c46235a81d74090000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000034c  c46235a81d4b090000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000355  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000035a  c57c281d3e080000      vmovaps   ymm11,[constants+0x60]
00000362  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000367  c4c16c59d2            vmulps    ymm2,ymm2,ymm10
0000036c  c5645905cc070000      vmulps    ymm8,ymm3,[constants]
00000374  c57c281de4070000      vmovaps   ymm11,[constants+0x20]
0000037c  c441245dc0            vminps    ymm8,ymm11,ymm8
00000381  c57c281df7070000      vmovaps   ymm11,[constants+0x40]
00000389  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000038e  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000393  c57c2815e5080000      vmovaps   ymm10,[constants+0x140]
0000039b  c46235a815bc080000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000003a4  c46235a81593080000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000003ad  c46235a8156a080000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000003b6  c46235a81541080000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000003bf  c46235a81518080000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000003c8  c46235a815ef070000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000003d1  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000003d6  c57c281d42090000      vmovaps   ymm11,[constants+0x1e0]
000003de  c46235a81d19090000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000003e7  c46235a81df0080000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000003f0  c46235a81dc7080000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000003f9  c46235a81d9e080000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000402  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000407  c57c281d91070000      vmovaps   ymm11,[constants+0x60]
0000040f  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000414  c4c16459da            vmulps    ymm3,ymm3,ymm10
00000419  c55c59051f070000      vmulps    ymm8,ymm4,[constants]
00000421  c57c281d37070000      vmovaps   ymm11,[constants+0x20]
00000429  c441245dc0            vminps    ymm8,ymm11,ymm8
0000042e  c57c281d4a070000      vmovaps   ymm11,[constants+0x40]
00000436  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000043b  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000440  c57c281538080000      vmovaps   ymm10,[constants+0x140]
00000448  c46235a8150f080000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000451  c46235a815e6070000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000045a  c46235a815bd070000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000463  c46235a81594070000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
0000046c  c46235a8156b070000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000475  c46235a81542070000    vfmadd213ps ymm10,ymm9,[constants+0x80]
0000047e  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000483  c57c281d95080000      vmovaps   ymm11,[constants+0x1e0]
0000048b  c46235a81d6c080000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000494  c46235a81d43080000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
0000049d  c46235a81d1a080000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000004a6  c46235a81df1070000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000004af  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000004b4  c57c281de4060000      vmovaps   ymm11,[constants+0x60]
000004bc  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000004c1  c4c15c59e2            vmulps    ymm4,ymm4,ymm10
000004c6  c554590572060000      vmulps    ymm8,ymm5,[constants]
000004ce  c57c281d8a060000      vmovaps   ymm11,[constants+0x20]
000004d6  c441245dc0            vminps    ymm8,ymm11,ymm8
000004db  c57c281d9d060000      vmovaps   ymm11,[constants+0x40]
000004e3  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000004e8  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000004ed  c57c28158b070000      vmovaps   ymm10,[constants+0x140]
000004f5  c46235a81562070000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000004fe  c46235a81539070000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000507  c46235a81510070000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000510  c46235a815e7060000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000519  c46235a815be060000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000522  c46235a81595060000    vfmadd213ps ymm10,ymm9,[constants+0x80]
0000052b  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000530  c57c281de8070000      vmovaps   ymm11,[constants+0x1e0]
00000538  c46235a81dbf070000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000541  c46235a81d96070000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
0000054a  c46235a81d6d070000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000553  c46235a81d44070000    vfmadd213ps ymm11,ymm9,[constants+0x160]
0000055c  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000561  c57c281d37060000      vmovaps   ymm11,[constants+0x60]
00000569  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000056e  c4c15459ea            vmulps    ymm5,ymm5,ymm10
00000573  c54c5905c5050000      vmulps    ymm8,ymm6,[constants]
0000057b  c57c281ddd050000      vmovaps   ymm11,[constants+0x20]
00000583  c441245dc0            vminps    ymm8,ymm11,ymm8
00000588  c57c281df0050000      vmovaps   ymm11,[constants+0x40]
00000590  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000595  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000059a  c57c2815de060000      vmovaps   ymm10,[constants+0x140]
000005a2  c46235a815b5060000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000005ab  c46235a8158c060000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000005b4  c46235a81563060000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000005bd  c46235a8153a060000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000005c6  c46235a81511060000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000005cf  c46235a815e8050000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000005d8  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000005dd  c57c281d3b070000      vmovaps   ymm11,[constants+0x1e0]
000005e5  c46235a81d12070000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000005ee  c46235a81de9060000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000005f7  c46235a81dc0060000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000600  c46235a81d97060000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000609  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000060e  c57c281d8a050000      vmovaps   ymm11,[constants+0x60]
00000616  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000061b  c4c14c59f2            vmulps    ymm6,ymm6,ymm10
00000620  c544590518050000      vmulps    ymm8,ymm7,[constants]
00000628  c57c281d30050000      vmovaps   ymm11,[constants+0x20]
00000630  c441245dc0            vminps    ymm8,ymm11,ymm8
00000635  c57c281d43050000      vmovaps   ymm11,[constants+0x40]
0000063d  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000642  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000647  c57c281531060000      vmovaps   ymm10,[constants+0x140]
0000064f  c46235a81508060000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000658  c46235a815df050000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000661  c46235a815b6050000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000066a  c46235a8158d050000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000673  c46235a81564050000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000067c  c46235a8153b050000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000685  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000068a  c57c281d8e060000      vmovaps   ymm11,[constants+0x1e0]
00000692  c46235a81d65060000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000069b  c46235a81d3c060000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000006a4  c46235a81d13060000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000006ad  c46235a81dea050000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000006b6  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000006bb  c57c281ddd040000      vmovaps   ymm11,[constants+0x60]
000006c3  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000006c8  c4c14459fa            vmulps    ymm7,ymm7,ymm10
000006cd  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
000006d2  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
000006d7  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
000006dc  c4615c15de            vunpckhps ymm11,ymm4,ymm6
000006e1  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
000006e7  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
000006ed  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
000006f3  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
000006f9  c4c178118200000000    vmovups   [r10],xmm0
00000702  c4c178119214000000    vmovups   [r10+0x14],xmm2
0000070b  c4c17811a228000000    vmovups   [r10+0x28],xmm4
00000714  c4c17811b23c000000    vmovups   [r10+0x3c],xmm6
0000071d  c4c37d19c001          vextractf128 xmm8,ymm0,1
00000723  c44178118250000000    vmovups   [r10+0x50],xmm8
0000072c  c4c37d19d001          vextractf128 xmm8,ymm2,1
00000732  c44178118264000000    vmovups   [r10+0x64],xmm8
0000073b  c4c37d19e001          vextractf128 xmm8,ymm4,1
00000741  c44178118278000000    vmovups   [r10+0x78],xmm8
0000074a  c4c37d19f001          vextractf128 xmm8,ymm6,1
00000750  c4417811828c000000    vmovups   [r10+0x8c],xmm8
00000759  c4617414c3            vunpcklps ymm8,ymm1,ymm3
0000075e  c4617415cb            vunpckhps ymm9,ymm1,ymm3
00000763  c4615414d7            vunpcklps ymm10,ymm5,ymm7
00000768  c4615415df            vunpckhps ymm11,ymm5,ymm7
0000076d  c4c13cc6ca44          vshufps   ymm1,ymm8,ymm10,0x44
00000773  c4c13cc6daee          vshufps   ymm3,ymm8,ymm10,0xee
00000779  c4c134c6eb44          vshufps   ymm5,ymm9,ymm11,0x44
0000077f  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
00000785  c4c178118aa0000000    vmovups   [r10+0xa0],xmm1
0000078e  c4c178119ab4000000    vmovups   [r10+0xb4],xmm3
00000797  c4c17811aac8000000    vmovups   [r10+0xc8],xmm5
000007a0  c4c17811badc000000    vmovups   [r10+0xdc],xmm7
000007a9  c4c37d19c801          vextractf128 xmm8,ymm1,1
000007af  c441781182f0000000    vmovups   [r10+0xf0],xmm8
000007b8  c4c37d19d801          vextractf128 xmm8,ymm3,1
000007be  c44178118204010000    vmovups   [r10+0x104],xmm8
000007c7  c4c37d19e801          vextractf128 xmm8,ymm5,1
000007cd  c44178118218010000    vmovups   [r10+0x118],xmm8
000007d6  c4c37d19f801          vextractf128 xmm8,ymm7,1
000007dc  c4417811822c010000    vmovups   [r10+0x12c],xmm8
000007e5  4981c1c0000000        add       r9,0xc0
000007ec  4981c240010000        add       r10,0x140
000007f3  48ffc9                dec       rcx
000007f6  0f8584f8ffff          jne       panel_loop_0
done_0:
000007fc  48ffc0                inc       rax
000007ff  493bc3                cmp       rax,r11
00000802  0f831c030000          jae       exit
group_1:                        ; output rows 4..5 (row-blocks 2..3); load X, Y and the panel count
00000808  4c8b8f00000000        mov       r9,[rdi+args.x]
0000080f  4c8b9708000000        mov       r10,[rdi+args.y]
00000816  488b8f20000000        mov       rcx,[rdi+args.panels]
0000081d  4885c9                test      rcx,rcx
00000820  0f84f2020000          je        done_1
00000826  90 x 10               nop       ; 10 bytes of alignment
panel_loop_1:                   ; one panel of 16 tokens per iteration: zero the 4x16 accumulator tile
00000830  488d96a0000000        lea       rdx,[rsi+0xa0]
00000837  c4e17c57c0            vxorps    ymm0,ymm0,ymm0
0000083c  c4e17457c9            vxorps    ymm1,ymm1,ymm1
00000841  c4e16c57d2            vxorps    ymm2,ymm2,ymm2
00000846  c4e16457db            vxorps    ymm3,ymm3,ymm3
0000084b  c4e15c57e4            vxorps    ymm4,ymm4,ymm4
00000850  c4e15457ed            vxorps    ymm5,ymm5,ymm5
00000855  c4e14c57f6            vxorps    ymm6,ymm6,ymm6
0000085a  c4e14457ff            vxorps    ymm7,ymm7,ymm7
                                ; k=0: weights 8..9 for block (2, 0)
0000085f  c4627d185280          vbroadcastss ymm10,[rdx-0x80]
00000865  c4c22db88100000000    vfmadd231ps ymm0,ymm10,[r9]
0000086e  c4c22db88920000000    vfmadd231ps ymm1,ymm10,[r9+0x20]
                                ; k=1: weights 9..10 for block (2, 0)
00000877  c4627d185284          vbroadcastss ymm10,[rdx-0x7c]
0000087d  c4c22db88140000000    vfmadd231ps ymm0,ymm10,[r9+0x40]
00000886  c4c22db88960000000    vfmadd231ps ymm1,ymm10,[r9+0x60]
                                ; epilogue: gelu, transpose 4x8, store to Y; next panel
0000088f  c57c5905a9020000      vmulps    ymm8,ymm0,[constants]
00000897  c57c281dc1020000      vmovaps   ymm11,[constants+0x20]
0000089f  c441245dc0            vminps    ymm8,ymm11,ymm8
000008a4  c57c281dd4020000      vmovaps   ymm11,[constants+0x40]
000008ac  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000008b1  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000008b6  c57c2815c2030000      vmovaps   ymm10,[constants+0x140]
000008be  c46235a81599030000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000008c7  c46235a81570030000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000008d0  c46235a81547030000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000008d9  c46235a8151e030000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000008e2  c46235a815f5020000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000008eb  c46235a815cc020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000008f4  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000008f9  c57c281d1f040000      vmovaps   ymm11,[constants+0x1e0]
00000901  c46235a81df6030000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000090a  c46235a81dcd030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000913  c46235a81da4030000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000091c  c46235a81d7b030000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000925  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000092a  c57c281d6e020000      vmovaps   ymm11,[constants+0x60]
00000932  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000937  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
0000093c  c5745905fc010000      vmulps    ymm8,ymm1,[constants]
00000944  c57c281d14020000      vmovaps   ymm11,[constants+0x20]
0000094c  c441245dc0            vminps    ymm8,ymm11,ymm8
00000951  c57c281d27020000      vmovaps   ymm11,[constants+0x40]
00000959  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000095e  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000963  c57c281515030000      vmovaps   ymm10,[constants+0x140]
0000096b  c46235a815ec020000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000974  c46235a815c3020000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000097d  c46235a8159a020000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000986  c46235a81571020000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
0000098f  c46235a81548020000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000998  c46235a8151f020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000009a1  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000009a6  c57c281d72030000      vmovaps   ymm11,[constants+0x1e0]
000009ae  c46235a81d49030000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000009b7  c46235a81d20030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000009c0  c46235a81df7020000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000009c9  c46235a81dce020000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000009d2  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000009d7  c57c281dc1010000      vmovaps   ymm11,[constants+0x60]
000009df  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000009e4  c4c17459ca            vmulps    ymm1,ymm1,ymm10
000009e9  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
000009ee  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
000009f3  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
000009f8  c4615c15de            vunpckhps ymm11,ymm4,ymm6
000009fd  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
00000a03  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
00000a09  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
00000a0f  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
00000a15  c4c17a118210000000    vmovss    [r10+0x10],xmm0
00000a1e  c4c17a119224000000    vmovss    [r10+0x24],xmm2
00000a27  c4c17a11a238000000    vmovss    [r10+0x38],xmm4
00000a30  c4c17a11b24c000000    vmovss    [r10+0x4c],xmm6
00000a39  c4c37d19c001          vextractf128 xmm8,ymm0,1
00000a3f  c4417a118260000000    vmovss    [r10+0x60],xmm8
00000a48  c4c37d19d001          vextractf128 xmm8,ymm2,1
00000a4e  c4417a118274000000    vmovss    [r10+0x74],xmm8
00000a57  c4c37d19e001          vextractf128 xmm8,ymm4,1
00000a5d  c4417a118288000000    vmovss    [r10+0x88],xmm8
00000a66  c4c37d19f001          vextractf128 xmm8,ymm6,1
00000a6c  c4417a11829c000000    vmovss    [r10+0x9c],xmm8
00000a75  c4617414c3            vunpcklps ymm8,ymm1,ymm3
00000a7a  c4617415cb            vunpckhps ymm9,ymm1,ymm3
00000a7f  c4615414d7            vunpcklps ymm10,ymm5,ymm7
00000a84  c4615415df            vunpckhps ymm11,ymm5,ymm7
00000a89  c4c13cc6ca44          vshufps   ymm1,ymm8,ymm10,0x44
00000a8f  c4c13cc6daee          vshufps   ymm3,ymm8,ymm10,0xee
00000a95  c4c134c6eb44          vshufps   ymm5,ymm9,ymm11,0x44
00000a9b  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
00000aa1  c4c17a118ab0000000    vmovss    [r10+0xb0],xmm1
00000aaa  c4c17a119ac4000000    vmovss    [r10+0xc4],xmm3
00000ab3  c4c17a11aad8000000    vmovss    [r10+0xd8],xmm5
00000abc  c4c17a11baec000000    vmovss    [r10+0xec],xmm7
00000ac5  c4c37d19c801          vextractf128 xmm8,ymm1,1
00000acb  c4417a118200010000    vmovss    [r10+0x100],xmm8
00000ad4  c4c37d19d801          vextractf128 xmm8,ymm3,1
00000ada  c4417a118214010000    vmovss    [r10+0x114],xmm8
00000ae3  c4c37d19e801          vextractf128 xmm8,ymm5,1
00000ae9  c4417a118228010000    vmovss    [r10+0x128],xmm8
00000af2  c4c37d19f801          vextractf128 xmm8,ymm7,1
00000af8  c4417a11823c010000    vmovss    [r10+0x13c],xmm8
00000b01  4981c1c0000000        add       r9,0xc0
00000b08  4981c240010000        add       r10,0x140
00000b0f  48ffc9                dec       rcx
00000b12  0f8518fdffff          jne       panel_loop_1
done_1:
00000b18  48ffc0                inc       rax
00000b1b  493bc3                cmp       rax,r11
00000b1e  0f8300000000          jae       exit
exit:                           ; return
00000b24  c5f877                vzeroupper
00000b27  c3                    ret
jump_table:                     ; i32 offsets of the groups, from jump_table
00000b28  0df5ffff              dd        group_0-jump_table
00000b2c  e0fcffff              dd        group_1-jump_table
00000b30  cc x 16               ; padding
constants:                      ; 32-byte vector constants of the epilogue
00000b40  f304353f              dd        8 dup (0.70710677)  ; constants+0x0
00000b60  00008040              dd        8 dup (4.0)  ; constants+0x20
00000b80  000080c0              dd        8 dup (-4.0)  ; constants+0x40
00000ba0  0000003f              dd        8 dup (0.5)  ; constants+0x60
00000bc0  d4db83bc              dd        8 dup (-0.016096033)  ; constants+0x80
00000be0  f6a141bb              dd        8 dup (-0.0029546)  ; constants+0xa0
00000c00  63ac40ba              dd        8 dup (-0.00073499064)  ; constants+0xc0
00000c20  d2c26eb8              dd        8 dup (-5.6925062e-5)  ; constants+0xe0
00000c40  51ff0cb6              dd        8 dup (-2.101024e-6)  ; constants+0x100
00000c60  eeffed32              dd        8 dup (2.7706815e-8)  ; constants+0x120
00000c80  0bdf95af              dd        8 dup (-2.7261424e-10)  ; constants+0x140
00000ca0  a8b669bc              dd        8 dup (-0.01426474)  ; constants+0x160
00000cc0  f79bf1bb              dd        8 dup (-0.007373329)  ; constants+0x180
00000ce0  4e92dcba              dd        8 dup (-0.001682827)  ; constants+0x1a0
00000d00  2abd5fb9              dd        8 dup (-0.00021337406)  ; constants+0x1c0
00000d20  ce6074b7              dd        8 dup (-1.4566072e-5)  ; constants+0x1e0
