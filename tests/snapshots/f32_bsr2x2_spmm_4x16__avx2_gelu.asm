; kernel    f32_bsr2x2_spmm_4x16__avx2_gelu
; plan      M=5 K=3 block=2x2 isa=avx2 tile=4x16 (rows x tokens) bias=false act=gelu
; code      3360 bytes: 2839 of instructions (to 0xb17), 521 of data (jump table, constants); emitted by dynasm
; weights   nnz 10 (10 stored in 4 blocks, 33.3% sparse), 336.00 code bytes per nonzero
; compile   (masked in snapshots)

                                ; prologue: load KernelArgs, jump through jump_table to group_begin
00000000  488b8728000000        mov       rax,[rdi+args.group_begin]
00000007  4c8b9f30000000        mov       r11,[rdi+args.group_end]
0000000e  493bc3                cmp       rax,r11
00000011  0f83fc0a0000          jae       exit
00000017  488bb710000000        mov       rsi,[rdi+args.values]
0000001e  4c8b8718000000        mov       r8,[rdi+args.bias]
00000025  488d15ec0a0000        lea       rdx,[jump_table]
0000002c  48630c82              movsxd    rcx,[rdx+rax*4]
00000030  4801ca                add       rdx,rcx
00000033  ffe2                  jmp       rdx
group_0:                        ; output rows 0..4 (row-blocks 0..2); load X, Y and the panel count
00000035  4c8b8f00000000        mov       r9,[rdi+args.x]
0000003c  4c8b9708000000        mov       r10,[rdi+args.y]
00000043  488b8f20000000        mov       rcx,[rdi+args.panels]
0000004a  4885c9                test      rcx,rcx
0000004d  0f849a070000          je        done_0
00000053  90 x 13               nop       ; 13 bytes of alignment
panel_loop_0:                   ; one panel of 16 tokens per iteration: zero the 4x16 accumulator tile
00000060  c4e17c57c0            vxorps    ymm0,ymm0,ymm0
00000065  c4e17457c9            vxorps    ymm1,ymm1,ymm1
0000006a  c4e16c57d2            vxorps    ymm2,ymm2,ymm2
0000006f  c4e16457db            vxorps    ymm3,ymm3,ymm3
00000074  c4e15c57e4            vxorps    ymm4,ymm4,ymm4
00000079  c4e15457ed            vxorps    ymm5,ymm5,ymm5
0000007e  c4e14c57f6            vxorps    ymm6,ymm6,ymm6
00000083  c4e14457ff            vxorps    ymm7,ymm7,ymm7
                                ; k=0: weights 0..2 for block (0, 0)
00000088  c4417c108100000000    vmovups   ymm8,[r9]
00000091  c4417c108920000000    vmovups   ymm9,[r9+0x20]
0000009a  c4627d589600000000    vpbroadcastd ymm10,[rsi]
000000a3  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
000000a8  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
000000ad  c4627d589604000000    vpbroadcastd ymm10,[rsi+4]
000000b6  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
000000bb  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=1: weights 2..4 for block (0, 0)
000000c0  c4417c108140000000    vmovups   ymm8,[r9+0x40]
000000c9  c4417c108960000000    vmovups   ymm9,[r9+0x60]
000000d2  c4627d589608000000    vpbroadcastd ymm10,[rsi+8]
000000db  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
000000e0  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
000000e5  c4627d58960c000000    vpbroadcastd ymm10,[rsi+0xc]
000000ee  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
000000f3  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=2: weights 4..6 for block (0, 1)
000000f8  c4417c108180000000    vmovups   ymm8,[r9+0x80]
00000101  c4417c1089a0000000    vmovups   ymm9,[r9+0xa0]
0000010a  c4627d589610000000    vpbroadcastd ymm10,[rsi+0x10]
00000113  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
00000118  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
0000011d  c4627d589614000000    vpbroadcastd ymm10,[rsi+0x14]
00000126  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
0000012b  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=2: weights 6..8 for block (1, 1)
00000130  c4627d589618000000    vpbroadcastd ymm10,[rsi+0x18]
00000139  c4c23db8e2            vfmadd231ps ymm4,ymm8,ymm10
0000013e  c4c235b8ea            vfmadd231ps ymm5,ymm9,ymm10
00000143  c4627d58961c000000    vpbroadcastd ymm10,[rsi+0x1c]
0000014c  c4c23db8f2            vfmadd231ps ymm6,ymm8,ymm10
00000151  c4c235b8fa            vfmadd231ps ymm7,ymm9,ymm10
                                ; epilogue: gelu, transpose 4x8, store to Y; next panel
00000156  c57c5905c2090000      vmulps    ymm8,ymm0,[constants]
0000015e  c57c281dda090000      vmovaps   ymm11,[constants+0x20]
00000166  c441245dc0            vminps    ymm8,ymm11,ymm8
0000016b  c57c281ded090000      vmovaps   ymm11,[constants+0x40]
00000173  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000178  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000017d  c57c2815db0a0000      vmovaps   ymm10,[constants+0x140]
00000185  c46235a815b20a0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000018e  c46235a815890a0000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000197  c46235a815600a0000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000001a0  c46235a815370a0000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000001a9  c46235a8150e0a0000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000001b2  c46235a815e5090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000001bb  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000001c0  c57c281d380b0000      vmovaps   ymm11,[constants+0x1e0]
000001c8  c46235a81d0f0b0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000001d1  c46235a81de60a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000001da  c46235a81dbd0a0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000001e3  c46235a81d940a0000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000001ec  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000001f1  c57c281d87090000      vmovaps   ymm11,[constants+0x60]
000001f9  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000001fe  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
00000203  c574590515090000      vmulps    ymm8,ymm1,[constants]
0000020b  c57c281d2d090000      vmovaps   ymm11,[constants+0x20]
00000213  c441245dc0            vminps    ymm8,ymm11,ymm8
00000218  c57c281d40090000      vmovaps   ymm11,[constants+0x40]
00000220  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000225  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000022a  c57c28152e0a0000      vmovaps   ymm10,[constants+0x140]
00000232  c46235a815050a0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000023b  c46235a815dc090000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000244  c46235a815b3090000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000024d  c46235a8158a090000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000256  c46235a81561090000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000025f  c46235a81538090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000268  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000026d  c57c281d8b0a0000      vmovaps   ymm11,[constants+0x1e0]
00000275  c46235a81d620a0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000027e  c46235a81d390a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000287  c46235a81d100a0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000290  c46235a81de7090000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000299  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000029e  c57c281dda080000      vmovaps   ymm11,[constants+0x60]
000002a6  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000002ab  c4c17459ca            vmulps    ymm1,ymm1,ymm10
000002b0  c56c590568080000      vmulps    ymm8,ymm2,[constants]
000002b8  c57c281d80080000      vmovaps   ymm11,[constants+0x20]
000002c0  c441245dc0            vminps    ymm8,ymm11,ymm8
000002c5  c57c281d93080000      vmovaps   ymm11,[constants+0x40]
000002cd  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000002d2  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000002d7  c57c281581090000      vmovaps   ymm10,[constants+0x140]
000002df  c46235a81558090000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000002e8  c46235a8152f090000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000002f1  c46235a81506090000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000002fa  c46235a815dd080000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000303  c46235a815b4080000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000030c  c46235a8158b080000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000315  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000031a  c57c281dde090000      vmovaps   ymm11,[constants+0x1e0]
00000322  c46235a81db5090000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000032b  c46235a81d8c090000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000334  c46235a81d63090000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000033d  c46235a81d3a090000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000346  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000034b  c57c281d2d080000      vmovaps   ymm11,[constants+0x60]
00000353  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000358  c4c16c59d2            vmulps    ymm2,ymm2,ymm10
0000035d  c5645905bb070000      vmulps    ymm8,ymm3,[constants]
00000365  c57c281dd3070000      vmovaps   ymm11,[constants+0x20]
0000036d  c441245dc0            vminps    ymm8,ymm11,ymm8
00000372  c57c281de6070000      vmovaps   ymm11,[constants+0x40]
0000037a  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000037f  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000384  c57c2815d4080000      vmovaps   ymm10,[constants+0x140]
0000038c  c46235a815ab080000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000395  c46235a81582080000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000039e  c46235a81559080000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000003a7  c46235a81530080000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000003b0  c46235a81507080000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000003b9  c46235a815de070000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000003c2  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000003c7  c57c281d31090000      vmovaps   ymm11,[constants+0x1e0]
000003cf  c46235a81d08090000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000003d8  c46235a81ddf080000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000003e1  c46235a81db6080000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000003ea  c46235a81d8d080000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000003f3  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000003f8  c57c281d80070000      vmovaps   ymm11,[constants+0x60]
00000400  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000405  c4c16459da            vmulps    ymm3,ymm3,ymm10
0000040a  c55c59050e070000      vmulps    ymm8,ymm4,[constants]
00000412  c57c281d26070000      vmovaps   ymm11,[constants+0x20]
0000041a  c441245dc0            vminps    ymm8,ymm11,ymm8
0000041f  c57c281d39070000      vmovaps   ymm11,[constants+0x40]
00000427  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000042c  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000431  c57c281527080000      vmovaps   ymm10,[constants+0x140]
00000439  c46235a815fe070000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000442  c46235a815d5070000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000044b  c46235a815ac070000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000454  c46235a81583070000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
0000045d  c46235a8155a070000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000466  c46235a81531070000    vfmadd213ps ymm10,ymm9,[constants+0x80]
0000046f  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000474  c57c281d84080000      vmovaps   ymm11,[constants+0x1e0]
0000047c  c46235a81d5b080000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000485  c46235a81d32080000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
0000048e  c46235a81d09080000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000497  c46235a81de0070000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000004a0  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000004a5  c57c281dd3060000      vmovaps   ymm11,[constants+0x60]
000004ad  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000004b2  c4c15c59e2            vmulps    ymm4,ymm4,ymm10
000004b7  c554590561060000      vmulps    ymm8,ymm5,[constants]
000004bf  c57c281d79060000      vmovaps   ymm11,[constants+0x20]
000004c7  c441245dc0            vminps    ymm8,ymm11,ymm8
000004cc  c57c281d8c060000      vmovaps   ymm11,[constants+0x40]
000004d4  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000004d9  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000004de  c57c28157a070000      vmovaps   ymm10,[constants+0x140]
000004e6  c46235a81551070000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000004ef  c46235a81528070000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000004f8  c46235a815ff060000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000501  c46235a815d6060000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
0000050a  c46235a815ad060000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000513  c46235a81584060000    vfmadd213ps ymm10,ymm9,[constants+0x80]
0000051c  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000521  c57c281dd7070000      vmovaps   ymm11,[constants+0x1e0]
00000529  c46235a81dae070000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000532  c46235a81d85070000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
0000053b  c46235a81d5c070000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000544  c46235a81d33070000    vfmadd213ps ymm11,ymm9,[constants+0x160]
0000054d  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000552  c57c281d26060000      vmovaps   ymm11,[constants+0x60]
0000055a  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000055f  c4c15459ea            vmulps    ymm5,ymm5,ymm10
00000564  c54c5905b4050000      vmulps    ymm8,ymm6,[constants]
0000056c  c57c281dcc050000      vmovaps   ymm11,[constants+0x20]
00000574  c441245dc0            vminps    ymm8,ymm11,ymm8
00000579  c57c281ddf050000      vmovaps   ymm11,[constants+0x40]
00000581  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000586  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000058b  c57c2815cd060000      vmovaps   ymm10,[constants+0x140]
00000593  c46235a815a4060000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000059c  c46235a8157b060000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000005a5  c46235a81552060000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000005ae  c46235a81529060000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000005b7  c46235a81500060000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000005c0  c46235a815d7050000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000005c9  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000005ce  c57c281d2a070000      vmovaps   ymm11,[constants+0x1e0]
000005d6  c46235a81d01070000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000005df  c46235a81dd8060000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000005e8  c46235a81daf060000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000005f1  c46235a81d86060000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000005fa  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000005ff  c57c281d79050000      vmovaps   ymm11,[constants+0x60]
00000607  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000060c  c4c14c59f2            vmulps    ymm6,ymm6,ymm10
00000611  c544590507050000      vmulps    ymm8,ymm7,[constants]
00000619  c57c281d1f050000      vmovaps   ymm11,[constants+0x20]
00000621  c441245dc0            vminps    ymm8,ymm11,ymm8
00000626  c57c281d32050000      vmovaps   ymm11,[constants+0x40]
0000062e  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000633  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000638  c57c281520060000      vmovaps   ymm10,[constants+0x140]
00000640  c46235a815f7050000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000649  c46235a815ce050000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000652  c46235a815a5050000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000065b  c46235a8157c050000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000664  c46235a81553050000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000066d  c46235a8152a050000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000676  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000067b  c57c281d7d060000      vmovaps   ymm11,[constants+0x1e0]
00000683  c46235a81d54060000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000068c  c46235a81d2b060000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000695  c46235a81d02060000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000069e  c46235a81dd9050000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000006a7  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000006ac  c57c281dcc040000      vmovaps   ymm11,[constants+0x60]
000006b4  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000006b9  c4c14459fa            vmulps    ymm7,ymm7,ymm10
000006be  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
000006c3  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
000006c8  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
000006cd  c4615c15de            vunpckhps ymm11,ymm4,ymm6
000006d2  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
000006d8  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
000006de  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
000006e4  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
000006ea  c4c178118200000000    vmovups   [r10],xmm0
000006f3  c4c178119214000000    vmovups   [r10+0x14],xmm2
000006fc  c4c17811a228000000    vmovups   [r10+0x28],xmm4
00000705  c4c17811b23c000000    vmovups   [r10+0x3c],xmm6
0000070e  c4c37d19c401          vextractf128 xmm12,ymm0,1
00000714  c4417811a250000000    vmovups   [r10+0x50],xmm12
0000071d  c4c37d19d401          vextractf128 xmm12,ymm2,1
00000723  c4417811a264000000    vmovups   [r10+0x64],xmm12
0000072c  c4c37d19e401          vextractf128 xmm12,ymm4,1
00000732  c4417811a278000000    vmovups   [r10+0x78],xmm12
0000073b  c4c37d19f401          vextractf128 xmm12,ymm6,1
00000741  c4417811a28c000000    vmovups   [r10+0x8c],xmm12
0000074a  c4617414c3            vunpcklps ymm8,ymm1,ymm3
0000074f  c4617415cb            vunpckhps ymm9,ymm1,ymm3
00000754  c4615414d7            vunpcklps ymm10,ymm5,ymm7
00000759  c4615415df            vunpckhps ymm11,ymm5,ymm7
0000075e  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
00000764  c4c13cc6caee          vshufps   ymm1,ymm8,ymm10,0xee
0000076a  c4c134c6d344          vshufps   ymm2,ymm9,ymm11,0x44
00000770  c4c134c6dbee          vshufps   ymm3,ymm9,ymm11,0xee
00000776  c4c1781182a0000000    vmovups   [r10+0xa0],xmm0
0000077f  c4c178118ab4000000    vmovups   [r10+0xb4],xmm1
00000788  c4c1781192c8000000    vmovups   [r10+0xc8],xmm2
00000791  c4c178119adc000000    vmovups   [r10+0xdc],xmm3
0000079a  c4c37d19c401          vextractf128 xmm12,ymm0,1
000007a0  c4417811a2f0000000    vmovups   [r10+0xf0],xmm12
000007a9  c4c37d19cc01          vextractf128 xmm12,ymm1,1
000007af  c4417811a204010000    vmovups   [r10+0x104],xmm12
000007b8  c4c37d19d401          vextractf128 xmm12,ymm2,1
000007be  c4417811a218010000    vmovups   [r10+0x118],xmm12
000007c7  c4c37d19dc01          vextractf128 xmm12,ymm3,1
000007cd  c4417811a22c010000    vmovups   [r10+0x12c],xmm12
000007d6  4981c1c0000000        add       r9,0xc0
000007dd  4981c240010000        add       r10,0x140
000007e4  48ffc9                dec       rcx
000007e7  0f8573f8ffff          jne       panel_loop_0
done_0:
000007ed  48ffc0                inc       rax
000007f0  493bc3                cmp       rax,r11
000007f3  0f831a030000          jae       exit
group_1:                        ; output rows 4..5 (row-blocks 2..3); load X, Y and the panel count
000007f9  4c8b8f00000000        mov       r9,[rdi+args.x]
00000800  4c8b9708000000        mov       r10,[rdi+args.y]
00000807  488b8f20000000        mov       rcx,[rdi+args.panels]
0000080e  4885c9                test      rcx,rcx
00000811  0f84f0020000          je        done_1
00000817  90 x 9                nop       ; 9 bytes of alignment
panel_loop_1:                   ; one panel of 16 tokens per iteration: zero the 4x16 accumulator tile
00000820  c4e17c57c0            vxorps    ymm0,ymm0,ymm0
00000825  c4e17457c9            vxorps    ymm1,ymm1,ymm1
0000082a  c4e16c57d2            vxorps    ymm2,ymm2,ymm2
0000082f  c4e16457db            vxorps    ymm3,ymm3,ymm3
00000834  c4e15c57e4            vxorps    ymm4,ymm4,ymm4
00000839  c4e15457ed            vxorps    ymm5,ymm5,ymm5
0000083e  c4e14c57f6            vxorps    ymm6,ymm6,ymm6
00000843  c4e14457ff            vxorps    ymm7,ymm7,ymm7
                                ; k=0: weights 8..9 for block (2, 0)
00000848  c4627d589620000000    vpbroadcastd ymm10,[rsi+0x20]
00000851  c4c22db88100000000    vfmadd231ps ymm0,ymm10,[r9]
0000085a  c4c22db88920000000    vfmadd231ps ymm1,ymm10,[r9+0x20]
                                ; k=1: weights 9..10 for block (2, 0)
00000863  c4627d589624000000    vpbroadcastd ymm10,[rsi+0x24]
0000086c  c4c22db88140000000    vfmadd231ps ymm0,ymm10,[r9+0x40]
00000875  c4c22db88960000000    vfmadd231ps ymm1,ymm10,[r9+0x60]
                                ; epilogue: gelu, transpose 4x8, store to Y; next panel
0000087e  c57c59059a020000      vmulps    ymm8,ymm0,[constants]
00000886  c57c281db2020000      vmovaps   ymm11,[constants+0x20]
0000088e  c441245dc0            vminps    ymm8,ymm11,ymm8
00000893  c57c281dc5020000      vmovaps   ymm11,[constants+0x40]
0000089b  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000008a0  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000008a5  c57c2815b3030000      vmovaps   ymm10,[constants+0x140]
000008ad  c46235a8158a030000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000008b6  c46235a81561030000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000008bf  c46235a81538030000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000008c8  c46235a8150f030000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000008d1  c46235a815e6020000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000008da  c46235a815bd020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000008e3  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000008e8  c57c281d10040000      vmovaps   ymm11,[constants+0x1e0]
000008f0  c46235a81de7030000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000008f9  c46235a81dbe030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000902  c46235a81d95030000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000090b  c46235a81d6c030000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000914  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000919  c57c281d5f020000      vmovaps   ymm11,[constants+0x60]
00000921  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000926  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
0000092b  c5745905ed010000      vmulps    ymm8,ymm1,[constants]
00000933  c57c281d05020000      vmovaps   ymm11,[constants+0x20]
0000093b  c441245dc0            vminps    ymm8,ymm11,ymm8
00000940  c57c281d18020000      vmovaps   ymm11,[constants+0x40]
00000948  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000094d  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000952  c57c281506030000      vmovaps   ymm10,[constants+0x140]
0000095a  c46235a815dd020000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000963  c46235a815b4020000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000096c  c46235a8158b020000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000975  c46235a81562020000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
0000097e  c46235a81539020000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000987  c46235a81510020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000990  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000995  c57c281d63030000      vmovaps   ymm11,[constants+0x1e0]
0000099d  c46235a81d3a030000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000009a6  c46235a81d11030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000009af  c46235a81de8020000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000009b8  c46235a81dbf020000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000009c1  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000009c6  c57c281db2010000      vmovaps   ymm11,[constants+0x60]
000009ce  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000009d3  c4c17459ca            vmulps    ymm1,ymm1,ymm10
000009d8  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
000009dd  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
000009e2  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
000009e7  c4615c15de            vunpckhps ymm11,ymm4,ymm6
000009ec  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
000009f2  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
000009f8  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
000009fe  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
00000a04  c4c17a118210000000    vmovss    [r10+0x10],xmm0
00000a0d  c4c17a119224000000    vmovss    [r10+0x24],xmm2
00000a16  c4c17a11a238000000    vmovss    [r10+0x38],xmm4
00000a1f  c4c17a11b24c000000    vmovss    [r10+0x4c],xmm6
00000a28  c4c37d19c401          vextractf128 xmm12,ymm0,1
00000a2e  c4417a11a260000000    vmovss    [r10+0x60],xmm12
00000a37  c4c37d19d401          vextractf128 xmm12,ymm2,1
00000a3d  c4417a11a274000000    vmovss    [r10+0x74],xmm12
00000a46  c4c37d19e401          vextractf128 xmm12,ymm4,1
00000a4c  c4417a11a288000000    vmovss    [r10+0x88],xmm12
00000a55  c4c37d19f401          vextractf128 xmm12,ymm6,1
00000a5b  c4417a11a29c000000    vmovss    [r10+0x9c],xmm12
00000a64  c4617414c3            vunpcklps ymm8,ymm1,ymm3
00000a69  c4617415cb            vunpckhps ymm9,ymm1,ymm3
00000a6e  c4615414d7            vunpcklps ymm10,ymm5,ymm7
00000a73  c4615415df            vunpckhps ymm11,ymm5,ymm7
00000a78  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
00000a7e  c4c13cc6caee          vshufps   ymm1,ymm8,ymm10,0xee
00000a84  c4c134c6d344          vshufps   ymm2,ymm9,ymm11,0x44
00000a8a  c4c134c6dbee          vshufps   ymm3,ymm9,ymm11,0xee
00000a90  c4c17a1182b0000000    vmovss    [r10+0xb0],xmm0
00000a99  c4c17a118ac4000000    vmovss    [r10+0xc4],xmm1
00000aa2  c4c17a1192d8000000    vmovss    [r10+0xd8],xmm2
00000aab  c4c17a119aec000000    vmovss    [r10+0xec],xmm3
00000ab4  c4c37d19c401          vextractf128 xmm12,ymm0,1
00000aba  c4417a11a200010000    vmovss    [r10+0x100],xmm12
00000ac3  c4c37d19cc01          vextractf128 xmm12,ymm1,1
00000ac9  c4417a11a214010000    vmovss    [r10+0x114],xmm12
00000ad2  c4c37d19d401          vextractf128 xmm12,ymm2,1
00000ad8  c4417a11a228010000    vmovss    [r10+0x128],xmm12
00000ae1  c4c37d19dc01          vextractf128 xmm12,ymm3,1
00000ae7  c4417a11a23c010000    vmovss    [r10+0x13c],xmm12
00000af0  4981c1c0000000        add       r9,0xc0
00000af7  4981c240010000        add       r10,0x140
00000afe  48ffc9                dec       rcx
00000b01  0f8519fdffff          jne       panel_loop_1
done_1:
00000b07  48ffc0                inc       rax
00000b0a  493bc3                cmp       rax,r11
00000b0d  0f8300000000          jae       exit
exit:                           ; return
00000b13  c5f877                vzeroupper
00000b16  c3                    ret
00000b17  cc                    ; padding
jump_table:                     ; i32 offsets of the groups, from jump_table
00000b18  1df5ffff              dd        group_0-jump_table
00000b1c  e1fcffff              dd        group_1-jump_table
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
