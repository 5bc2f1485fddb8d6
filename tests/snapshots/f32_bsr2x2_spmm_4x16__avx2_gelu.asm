; kernel    f32_bsr2x2_spmm_4x16__avx2_gelu
; plan      M=5 K=3 block=2x2 dtype=f32 target=avx2 mac=fma tile=4x16 (rows x tokens) bias=false act=gelu
; code      3360 bytes: 2840 of instructions (to 0xb18), 520 of data (jump table, constants); emitted by dynasm
; weights   nnz 10 (10 stored in 4 blocks, 33.3% sparse), 336.00 code bytes per nonzero
; compile   (masked in snapshots)

                                ; prologue: load KernelArgs, jump through jump_table to group_begin
00000000  488b8728000000        mov       rax,[rdi+args.group_begin]
00000007  4c8b9f30000000        mov       r11,[rdi+args.group_end]
0000000e  493bc3                cmp       rax,r11
00000011  0f83fd0a0000          jae       exit
00000017  488bb710000000        mov       rsi,[rdi+args.values]
0000001e  4c8b8718000000        mov       r8,[rdi+args.bias]
00000025  488d15ec0a0000        lea       rdx,[jump_table]
0000002c  48630c82              movsxd    rcx,[rdx+rax*4]
00000030  4801ca                add       rdx,rcx
00000033  ffe2                  jmp       rdx
group_0:                        ; output rows 0..4 (row-blocks 0..2); load X, Y and the panel count
00000035  4c8b8f00000000        mov       r9,[rdi+args.x]
0000003c  4c8b9708000000        mov       r10,[rdi+args.y]
00000043  488d15ae070000        lea       rdx,[group_1]
0000004a  b90d000000            mov       ecx,0xd
prefetch_0:                     ; prefetch group_1's code into L2, a 64-byte line per iteration
0000004f  0f1812                prefetcht1 [rdx]
00000052  4883c240              add       rdx,0x40
00000056  ffc9                  dec       ecx
00000058  75f5                  jne       prefetch_0
0000005a  488b8f20000000        mov       rcx,[rdi+args.panels]
00000061  4885c9                test      rcx,rcx
00000064  0f8482070000          je        done_0
0000006a  909090909090          nop       ; 6 bytes of alignment
panel_loop_0:                   ; one panel of 16 tokens per iteration: zero the 4x16 accumulator tile
00000070  488d9680000000        lea       rdx,[rsi+0x80]
00000077  c4e17c57c0            vxorps    ymm0,ymm0,ymm0
0000007c  c4e17457c9            vxorps    ymm1,ymm1,ymm1
00000081  c4e16c57d2            vxorps    ymm2,ymm2,ymm2
00000086  c4e16457db            vxorps    ymm3,ymm3,ymm3
0000008b  c4e15c57e4            vxorps    ymm4,ymm4,ymm4
00000090  c4e15457ed            vxorps    ymm5,ymm5,ymm5
00000095  c4e14c57f6            vxorps    ymm6,ymm6,ymm6
0000009a  c4e14457ff            vxorps    ymm7,ymm7,ymm7
                                ; k=0: weights 0..2 for block (0, 0)
0000009f  c4417c108100000000    vmovups   ymm8,[r9]
000000a8  c4417c108920000000    vmovups   ymm9,[r9+0x20]
000000b1  c4627d185280          vbroadcastss ymm10,[rdx-0x80]
000000b7  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
000000bc  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
000000c1  c4627d185284          vbroadcastss ymm10,[rdx-0x7c]
000000c7  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
000000cc  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=1: weights 2..4 for block (0, 0)
000000d1  c4417c108140000000    vmovups   ymm8,[r9+0x40]
000000da  c4417c108960000000    vmovups   ymm9,[r9+0x60]
000000e3  c4627d185288          vbroadcastss ymm10,[rdx-0x78]
000000e9  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
000000ee  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
000000f3  c4627d18528c          vbroadcastss ymm10,[rdx-0x74]
000000f9  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
000000fe  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=2: weights 4..6 for block (0, 1)
00000103  c4417c108180000000    vmovups   ymm8,[r9+0x80]
0000010c  c4417c1089a0000000    vmovups   ymm9,[r9+0xa0]
00000115  c4627d185290          vbroadcastss ymm10,[rdx-0x70]
0000011b  c4c23db8c2            vfmadd231ps ymm0,ymm8,ymm10
00000120  c4c235b8ca            vfmadd231ps ymm1,ymm9,ymm10
00000125  c4627d185294          vbroadcastss ymm10,[rdx-0x6c]
0000012b  c4c23db8d2            vfmadd231ps ymm2,ymm8,ymm10
00000130  c4c235b8da            vfmadd231ps ymm3,ymm9,ymm10
                                ; k=2: weights 6..8 for block (1, 1)
00000135  c4627d185298          vbroadcastss ymm10,[rdx-0x68]
0000013b  c4c23db8e2            vfmadd231ps ymm4,ymm8,ymm10
00000140  c4c235b8ea            vfmadd231ps ymm5,ymm9,ymm10
00000145  c4627d18529c          vbroadcastss ymm10,[rdx-0x64]
0000014b  c4c23db8f2            vfmadd231ps ymm6,ymm8,ymm10
00000150  c4c235b8fa            vfmadd231ps ymm7,ymm9,ymm10
                                ; epilogue: gelu, transpose 4x8, store to Y; next panel
00000155  c57c5905c3090000      vmulps    ymm8,ymm0,[constants]
0000015d  c57c281ddb090000      vmovaps   ymm11,[constants+0x20]
00000165  c441245dc0            vminps    ymm8,ymm11,ymm8
0000016a  c57c281dee090000      vmovaps   ymm11,[constants+0x40]
00000172  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000177  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000017c  c57c2815dc0a0000      vmovaps   ymm10,[constants+0x140]
00000184  c46235a815b30a0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000018d  c46235a8158a0a0000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000196  c46235a815610a0000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000019f  c46235a815380a0000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000001a8  c46235a8150f0a0000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000001b1  c46235a815e6090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000001ba  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000001bf  c57c281d390b0000      vmovaps   ymm11,[constants+0x1e0]
000001c7  c46235a81d100b0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000001d0  c46235a81de70a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000001d9  c46235a81dbe0a0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000001e2  c46235a81d950a0000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000001eb  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000001f0  c57c281d88090000      vmovaps   ymm11,[constants+0x60]
000001f8  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000001fd  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
00000202  c574590516090000      vmulps    ymm8,ymm1,[constants]
0000020a  c57c281d2e090000      vmovaps   ymm11,[constants+0x20]
00000212  c441245dc0            vminps    ymm8,ymm11,ymm8
00000217  c57c281d41090000      vmovaps   ymm11,[constants+0x40]
0000021f  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000224  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000229  c57c28152f0a0000      vmovaps   ymm10,[constants+0x140]
00000231  c46235a815060a0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000023a  c46235a815dd090000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000243  c46235a815b4090000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000024c  c46235a8158b090000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000255  c46235a81562090000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000025e  c46235a81539090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000267  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000026c  c57c281d8c0a0000      vmovaps   ymm11,[constants+0x1e0]
00000274  c46235a81d630a0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000027d  c46235a81d3a0a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000286  c46235a81d110a0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000028f  c46235a81de8090000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000298  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000029d  c57c281ddb080000      vmovaps   ymm11,[constants+0x60]
000002a5  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000002aa  c4c17459ca            vmulps    ymm1,ymm1,ymm10
000002af  c56c590569080000      vmulps    ymm8,ymm2,[constants]
000002b7  c57c281d81080000      vmovaps   ymm11,[constants+0x20]
000002bf  c441245dc0            vminps    ymm8,ymm11,ymm8
000002c4  c57c281d94080000      vmovaps   ymm11,[constants+0x40]
000002cc  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000002d1  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000002d6  c57c281582090000      vmovaps   ymm10,[constants+0x140]
000002de  c46235a81559090000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000002e7  c46235a81530090000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000002f0  c46235a81507090000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000002f9  c46235a815de080000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000302  c46235a815b5080000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000030b  c46235a8158c080000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000314  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000319  c57c281ddf090000      vmovaps   ymm11,[constants+0x1e0]
00000321  c46235a81db6090000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000032a  c46235a81d8d090000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000333  c46235a81d64090000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000033c  c46235a81d3b090000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000345  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000034a  c57c281d2e080000      vmovaps   ymm11,[constants+0x60]
00000352  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000357  c4c16c59d2            vmulps    ymm2,ymm2,ymm10
0000035c  c5645905bc070000      vmulps    ymm8,ymm3,[constants]
00000364  c57c281dd4070000      vmovaps   ymm11,[constants+0x20]
0000036c  c441245dc0            vminps    ymm8,ymm11,ymm8
00000371  c57c281de7070000      vmovaps   ymm11,[constants+0x40]
00000379  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000037e  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000383  c57c2815d5080000      vmovaps   ymm10,[constants+0x140]
0000038b  c46235a815ac080000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000394  c46235a81583080000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000039d  c46235a8155a080000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000003a6  c46235a81531080000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000003af  c46235a81508080000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000003b8  c46235a815df070000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000003c1  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000003c6  c57c281d32090000      vmovaps   ymm11,[constants+0x1e0]
000003ce  c46235a81d09090000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000003d7  c46235a81de0080000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000003e0  c46235a81db7080000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000003e9  c46235a81d8e080000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000003f2  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000003f7  c57c281d81070000      vmovaps   ymm11,[constants+0x60]
000003ff  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000404  c4c16459da            vmulps    ymm3,ymm3,ymm10
00000409  c55c59050f070000      vmulps    ymm8,ymm4,[constants]
00000411  c57c281d27070000      vmovaps   ymm11,[constants+0x20]
00000419  c441245dc0            vminps    ymm8,ymm11,ymm8
0000041e  c57c281d3a070000      vmovaps   ymm11,[constants+0x40]
00000426  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000042b  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000430  c57c281528080000      vmovaps   ymm10,[constants+0x140]
00000438  c46235a815ff070000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000441  c46235a815d6070000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000044a  c46235a815ad070000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000453  c46235a81584070000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
0000045c  c46235a8155b070000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000465  c46235a81532070000    vfmadd213ps ymm10,ymm9,[constants+0x80]
0000046e  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000473  c57c281d85080000      vmovaps   ymm11,[constants+0x1e0]
0000047b  c46235a81d5c080000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000484  c46235a81d33080000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
0000048d  c46235a81d0a080000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000496  c46235a81de1070000    vfmadd213ps ymm11,ymm9,[constants+0x160]
0000049f  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000004a4  c57c281dd4060000      vmovaps   ymm11,[constants+0x60]
000004ac  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000004b1  c4c15c59e2            vmulps    ymm4,ymm4,ymm10
000004b6  c554590562060000      vmulps    ymm8,ymm5,[constants]
000004be  c57c281d7a060000      vmovaps   ymm11,[constants+0x20]
000004c6  c441245dc0            vminps    ymm8,ymm11,ymm8
000004cb  c57c281d8d060000      vmovaps   ymm11,[constants+0x40]
000004d3  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000004d8  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000004dd  c57c28157b070000      vmovaps   ymm10,[constants+0x140]
000004e5  c46235a81552070000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000004ee  c46235a81529070000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000004f7  c46235a81500070000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000500  c46235a815d7060000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000509  c46235a815ae060000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000512  c46235a81585060000    vfmadd213ps ymm10,ymm9,[constants+0x80]
0000051b  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000520  c57c281dd8070000      vmovaps   ymm11,[constants+0x1e0]
00000528  c46235a81daf070000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000531  c46235a81d86070000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
0000053a  c46235a81d5d070000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000543  c46235a81d34070000    vfmadd213ps ymm11,ymm9,[constants+0x160]
0000054c  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000551  c57c281d27060000      vmovaps   ymm11,[constants+0x60]
00000559  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000055e  c4c15459ea            vmulps    ymm5,ymm5,ymm10
00000563  c54c5905b5050000      vmulps    ymm8,ymm6,[constants]
0000056b  c57c281dcd050000      vmovaps   ymm11,[constants+0x20]
00000573  c441245dc0            vminps    ymm8,ymm11,ymm8
00000578  c57c281de0050000      vmovaps   ymm11,[constants+0x40]
00000580  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000585  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000058a  c57c2815ce060000      vmovaps   ymm10,[constants+0x140]
00000592  c46235a815a5060000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000059b  c46235a8157c060000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000005a4  c46235a81553060000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000005ad  c46235a8152a060000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000005b6  c46235a81501060000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000005bf  c46235a815d8050000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000005c8  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000005cd  c57c281d2b070000      vmovaps   ymm11,[constants+0x1e0]
000005d5  c46235a81d02070000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000005de  c46235a81dd9060000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000005e7  c46235a81db0060000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000005f0  c46235a81d87060000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000005f9  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000005fe  c57c281d7a050000      vmovaps   ymm11,[constants+0x60]
00000606  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000060b  c4c14c59f2            vmulps    ymm6,ymm6,ymm10
00000610  c544590508050000      vmulps    ymm8,ymm7,[constants]
00000618  c57c281d20050000      vmovaps   ymm11,[constants+0x20]
00000620  c441245dc0            vminps    ymm8,ymm11,ymm8
00000625  c57c281d33050000      vmovaps   ymm11,[constants+0x40]
0000062d  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000632  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000637  c57c281521060000      vmovaps   ymm10,[constants+0x140]
0000063f  c46235a815f8050000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000648  c46235a815cf050000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000651  c46235a815a6050000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000065a  c46235a8157d050000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000663  c46235a81554050000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000066c  c46235a8152b050000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000675  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000067a  c57c281d7e060000      vmovaps   ymm11,[constants+0x1e0]
00000682  c46235a81d55060000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000068b  c46235a81d2c060000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000694  c46235a81d03060000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000069d  c46235a81dda050000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000006a6  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000006ab  c57c281dcd040000      vmovaps   ymm11,[constants+0x60]
000006b3  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000006b8  c4c14459fa            vmulps    ymm7,ymm7,ymm10
000006bd  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
000006c2  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
000006c7  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
000006cc  c4615c15de            vunpckhps ymm11,ymm4,ymm6
000006d1  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
000006d7  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
000006dd  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
000006e3  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
000006e9  c4c178118200000000    vmovups   [r10],xmm0
000006f2  c4c178119214000000    vmovups   [r10+0x14],xmm2
000006fb  c4c17811a228000000    vmovups   [r10+0x28],xmm4
00000704  c4c17811b23c000000    vmovups   [r10+0x3c],xmm6
0000070d  c4c37d19c001          vextractf128 xmm8,ymm0,1
00000713  c44178118250000000    vmovups   [r10+0x50],xmm8
0000071c  c4c37d19d001          vextractf128 xmm8,ymm2,1
00000722  c44178118264000000    vmovups   [r10+0x64],xmm8
0000072b  c4c37d19e001          vextractf128 xmm8,ymm4,1
00000731  c44178118278000000    vmovups   [r10+0x78],xmm8
0000073a  c4c37d19f001          vextractf128 xmm8,ymm6,1
00000740  c4417811828c000000    vmovups   [r10+0x8c],xmm8
00000749  c4617414c3            vunpcklps ymm8,ymm1,ymm3
0000074e  c4617415cb            vunpckhps ymm9,ymm1,ymm3
00000753  c4615414d7            vunpcklps ymm10,ymm5,ymm7
00000758  c4615415df            vunpckhps ymm11,ymm5,ymm7
0000075d  c4c13cc6ca44          vshufps   ymm1,ymm8,ymm10,0x44
00000763  c4c13cc6daee          vshufps   ymm3,ymm8,ymm10,0xee
00000769  c4c134c6eb44          vshufps   ymm5,ymm9,ymm11,0x44
0000076f  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
00000775  c4c178118aa0000000    vmovups   [r10+0xa0],xmm1
0000077e  c4c178119ab4000000    vmovups   [r10+0xb4],xmm3
00000787  c4c17811aac8000000    vmovups   [r10+0xc8],xmm5
00000790  c4c17811badc000000    vmovups   [r10+0xdc],xmm7
00000799  c4c37d19c801          vextractf128 xmm8,ymm1,1
0000079f  c441781182f0000000    vmovups   [r10+0xf0],xmm8
000007a8  c4c37d19d801          vextractf128 xmm8,ymm3,1
000007ae  c44178118204010000    vmovups   [r10+0x104],xmm8
000007b7  c4c37d19e801          vextractf128 xmm8,ymm5,1
000007bd  c44178118218010000    vmovups   [r10+0x118],xmm8
000007c6  c4c37d19f801          vextractf128 xmm8,ymm7,1
000007cc  c4417811822c010000    vmovups   [r10+0x12c],xmm8
000007d5  4981c1c0000000        add       r9,0xc0
000007dc  4981c240010000        add       r10,0x140
000007e3  48ffc9                dec       rcx
000007e6  0f8584f8ffff          jne       panel_loop_0
done_0:
000007ec  48ffc0                inc       rax
000007ef  493bc3                cmp       rax,r11
000007f2  0f831c030000          jae       exit
group_1:                        ; output rows 4..5 (row-blocks 2..3); load X, Y and the panel count
000007f8  4c8b8f00000000        mov       r9,[rdi+args.x]
000007ff  4c8b9708000000        mov       r10,[rdi+args.y]
00000806  488b8f20000000        mov       rcx,[rdi+args.panels]
0000080d  4885c9                test      rcx,rcx
00000810  0f84f2020000          je        done_1
00000816  90 x 10               nop       ; 10 bytes of alignment
panel_loop_1:                   ; one panel of 16 tokens per iteration: zero the 4x16 accumulator tile
00000820  488d96a0000000        lea       rdx,[rsi+0xa0]
00000827  c4e17c57c0            vxorps    ymm0,ymm0,ymm0
0000082c  c4e17457c9            vxorps    ymm1,ymm1,ymm1
00000831  c4e16c57d2            vxorps    ymm2,ymm2,ymm2
00000836  c4e16457db            vxorps    ymm3,ymm3,ymm3
0000083b  c4e15c57e4            vxorps    ymm4,ymm4,ymm4
00000840  c4e15457ed            vxorps    ymm5,ymm5,ymm5
00000845  c4e14c57f6            vxorps    ymm6,ymm6,ymm6
0000084a  c4e14457ff            vxorps    ymm7,ymm7,ymm7
                                ; k=0: weights 8..9 for block (2, 0)
0000084f  c4627d185280          vbroadcastss ymm10,[rdx-0x80]
00000855  c4c22db88100000000    vfmadd231ps ymm0,ymm10,[r9]
0000085e  c4c22db88920000000    vfmadd231ps ymm1,ymm10,[r9+0x20]
                                ; k=1: weights 9..10 for block (2, 0)
00000867  c4627d185284          vbroadcastss ymm10,[rdx-0x7c]
0000086d  c4c22db88140000000    vfmadd231ps ymm0,ymm10,[r9+0x40]
00000876  c4c22db88960000000    vfmadd231ps ymm1,ymm10,[r9+0x60]
                                ; epilogue: gelu, transpose 4x8, store to Y; next panel
0000087f  c57c590599020000      vmulps    ymm8,ymm0,[constants]
00000887  c57c281db1020000      vmovaps   ymm11,[constants+0x20]
0000088f  c441245dc0            vminps    ymm8,ymm11,ymm8
00000894  c57c281dc4020000      vmovaps   ymm11,[constants+0x40]
0000089c  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000008a1  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000008a6  c57c2815b2030000      vmovaps   ymm10,[constants+0x140]
000008ae  c46235a81589030000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000008b7  c46235a81560030000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000008c0  c46235a81537030000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000008c9  c46235a8150e030000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000008d2  c46235a815e5020000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000008db  c46235a815bc020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000008e4  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000008e9  c57c281d0f040000      vmovaps   ymm11,[constants+0x1e0]
000008f1  c46235a81de6030000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000008fa  c46235a81dbd030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000903  c46235a81d94030000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000090c  c46235a81d6b030000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000915  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000091a  c57c281d5e020000      vmovaps   ymm11,[constants+0x60]
00000922  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000927  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
0000092c  c5745905ec010000      vmulps    ymm8,ymm1,[constants]
00000934  c57c281d04020000      vmovaps   ymm11,[constants+0x20]
0000093c  c441245dc0            vminps    ymm8,ymm11,ymm8
00000941  c57c281d17020000      vmovaps   ymm11,[constants+0x40]
00000949  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000094e  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000953  c57c281505030000      vmovaps   ymm10,[constants+0x140]
0000095b  c46235a815dc020000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000964  c46235a815b3020000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000096d  c46235a8158a020000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000976  c46235a81561020000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
0000097f  c46235a81538020000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000988  c46235a8150f020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000991  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000996  c57c281d62030000      vmovaps   ymm11,[constants+0x1e0]
0000099e  c46235a81d39030000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000009a7  c46235a81d10030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000009b0  c46235a81de7020000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000009b9  c46235a81dbe020000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000009c2  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000009c7  c57c281db1010000      vmovaps   ymm11,[constants+0x60]
000009cf  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000009d4  c4c17459ca            vmulps    ymm1,ymm1,ymm10
000009d9  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
000009de  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
000009e3  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
000009e8  c4615c15de            vunpckhps ymm11,ymm4,ymm6
000009ed  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
000009f3  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
000009f9  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
000009ff  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
00000a05  c4c17a118210000000    vmovss    [r10+0x10],xmm0
00000a0e  c4c17a119224000000    vmovss    [r10+0x24],xmm2
00000a17  c4c17a11a238000000    vmovss    [r10+0x38],xmm4
00000a20  c4c17a11b24c000000    vmovss    [r10+0x4c],xmm6
00000a29  c4c37d19c001          vextractf128 xmm8,ymm0,1
00000a2f  c4417a118260000000    vmovss    [r10+0x60],xmm8
00000a38  c4c37d19d001          vextractf128 xmm8,ymm2,1
00000a3e  c4417a118274000000    vmovss    [r10+0x74],xmm8
00000a47  c4c37d19e001          vextractf128 xmm8,ymm4,1
00000a4d  c4417a118288000000    vmovss    [r10+0x88],xmm8
00000a56  c4c37d19f001          vextractf128 xmm8,ymm6,1
00000a5c  c4417a11829c000000    vmovss    [r10+0x9c],xmm8
00000a65  c4617414c3            vunpcklps ymm8,ymm1,ymm3
00000a6a  c4617415cb            vunpckhps ymm9,ymm1,ymm3
00000a6f  c4615414d7            vunpcklps ymm10,ymm5,ymm7
00000a74  c4615415df            vunpckhps ymm11,ymm5,ymm7
00000a79  c4c13cc6ca44          vshufps   ymm1,ymm8,ymm10,0x44
00000a7f  c4c13cc6daee          vshufps   ymm3,ymm8,ymm10,0xee
00000a85  c4c134c6eb44          vshufps   ymm5,ymm9,ymm11,0x44
00000a8b  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
00000a91  c4c17a118ab0000000    vmovss    [r10+0xb0],xmm1
00000a9a  c4c17a119ac4000000    vmovss    [r10+0xc4],xmm3
00000aa3  c4c17a11aad8000000    vmovss    [r10+0xd8],xmm5
00000aac  c4c17a11baec000000    vmovss    [r10+0xec],xmm7
00000ab5  c4c37d19c801          vextractf128 xmm8,ymm1,1
00000abb  c4417a118200010000    vmovss    [r10+0x100],xmm8
00000ac4  c4c37d19d801          vextractf128 xmm8,ymm3,1
00000aca  c4417a118214010000    vmovss    [r10+0x114],xmm8
00000ad3  c4c37d19e801          vextractf128 xmm8,ymm5,1
00000ad9  c4417a118228010000    vmovss    [r10+0x128],xmm8
00000ae2  c4c37d19f801          vextractf128 xmm8,ymm7,1
00000ae8  c4417a11823c010000    vmovss    [r10+0x13c],xmm8
00000af1  4981c1c0000000        add       r9,0xc0
00000af8  4981c240010000        add       r10,0x140
00000aff  48ffc9                dec       rcx
00000b02  0f8518fdffff          jne       panel_loop_1
done_1:
00000b08  48ffc0                inc       rax
00000b0b  493bc3                cmp       rax,r11
00000b0e  0f8300000000          jae       exit
exit:                           ; return
00000b14  c5f877                vzeroupper
00000b17  c3                    ret
jump_table:                     ; i32 offsets of the groups, from jump_table
00000b18  1df5ffff              dd        group_0-jump_table
00000b1c  e0fcffff              dd        group_1-jump_table
constants:                      ; vector constants (GELU's, or the gather's permutations)
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
