; kernel    f32_bsr2x2_spmm_4x16__avx2_gelu
; plan      M=5 K=3 block=2x2 dtype=f32 target=avx2 mac=fma tile=4x16 (rows x tokens) bias=false act=gelu
; code      3584 bytes: 3000 of instructions (to 0xbb8), 584 of data (jump table, constants); emitted by dynasm
; weights   nnz 10 (10 stored in 4 blocks, 33.3% sparse), 358.40 code bytes per nonzero
; compile   (masked in snapshots)

                                ; prologue: load KernelArgs, jump through jump_table to group_begin
00000000  488b8728000000        mov       rax,[rdi+args.group_begin]
00000007  4c8b9f30000000        mov       r11,[rdi+args.group_end]
0000000e  493bc3                cmp       rax,r11
00000011  0f839d0b0000          jae       exit
00000017  488bb710000000        mov       rsi,[rdi+args.values]
0000001e  4c8b8718000000        mov       r8,[rdi+args.bias]
00000025  488d158c0b0000        lea       rdx,[jump_table]
0000002c  48630c82              movsxd    rcx,[rdx+rax*4]
00000030  4801ca                add       rdx,rcx
00000033  ffe2                  jmp       rdx
group_0:                        ; output rows 0..4 (row-blocks 0..2); load X, Y and the panel count
00000035  4c8b8f00000000        mov       r9,[rdi+args.x]
0000003c  4c8b9708000000        mov       r10,[rdi+args.y]
00000043  488d152e080000        lea       rdx,[group_1]
0000004a  b90d000000            mov       ecx,0xd
prefetch_0:                     ; prefetch group_1's code into L2, a 64-byte line per iteration
0000004f  0f1812                prefetcht1 [rdx]
00000052  4883c240              add       rdx,0x40
00000056  ffc9                  dec       ecx
00000058  75f5                  jne       prefetch_0
0000005a  488b8f20000000        mov       rcx,[rdi+args.panels]
00000061  4885c9                test      rcx,rcx
00000064  0f8402080000          je        done_0
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
00000155  c57c5905630a0000      vmulps    ymm8,ymm0,[constants]
0000015d  c57c281d7b0a0000      vmovaps   ymm11,[constants+0x20]
00000165  c441245dc0            vminps    ymm8,ymm11,ymm8
0000016a  c57c281d8e0a0000      vmovaps   ymm11,[constants+0x40]
00000172  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000177  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000017c  c57c28157c0b0000      vmovaps   ymm10,[constants+0x140]
00000184  c46235a815530b0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000018d  c46235a8152a0b0000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000196  c46235a815010b0000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000019f  c46235a815d80a0000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000001a8  c46235a815af0a0000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000001b1  c46235a815860a0000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000001ba  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000001bf  c57c281dd90b0000      vmovaps   ymm11,[constants+0x1e0]
000001c7  c46235a81db00b0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000001d0  c46235a81d870b0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000001d9  c46235a81d5e0b0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000001e2  c46235a81d350b0000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000001eb  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000001f0  c52c5d15c80b0000      vminps    ymm10,ymm10,[constants+0x200]
000001f8  c52c5f15e00b0000      vmaxps    ymm10,ymm10,[constants+0x220]
00000200  c57c281d180a0000      vmovaps   ymm11,[constants+0x60]
00000208  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000020d  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
00000212  c5745905a6090000      vmulps    ymm8,ymm1,[constants]
0000021a  c57c281dbe090000      vmovaps   ymm11,[constants+0x20]
00000222  c441245dc0            vminps    ymm8,ymm11,ymm8
00000227  c57c281dd1090000      vmovaps   ymm11,[constants+0x40]
0000022f  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000234  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000239  c57c2815bf0a0000      vmovaps   ymm10,[constants+0x140]
00000241  c46235a815960a0000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000024a  c46235a8156d0a0000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000253  c46235a815440a0000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000025c  c46235a8151b0a0000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000265  c46235a815f2090000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000026e  c46235a815c9090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000277  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000027c  c57c281d1c0b0000      vmovaps   ymm11,[constants+0x1e0]
00000284  c46235a81df30a0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000028d  c46235a81dca0a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000296  c46235a81da10a0000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000029f  c46235a81d780a0000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000002a8  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000002ad  c52c5d150b0b0000      vminps    ymm10,ymm10,[constants+0x200]
000002b5  c52c5f15230b0000      vmaxps    ymm10,ymm10,[constants+0x220]
000002bd  c57c281d5b090000      vmovaps   ymm11,[constants+0x60]
000002c5  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000002ca  c4c17459ca            vmulps    ymm1,ymm1,ymm10
000002cf  c56c5905e9080000      vmulps    ymm8,ymm2,[constants]
000002d7  c57c281d01090000      vmovaps   ymm11,[constants+0x20]
000002df  c441245dc0            vminps    ymm8,ymm11,ymm8
000002e4  c57c281d14090000      vmovaps   ymm11,[constants+0x40]
000002ec  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000002f1  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000002f6  c57c2815020a0000      vmovaps   ymm10,[constants+0x140]
000002fe  c46235a815d9090000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000307  c46235a815b0090000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000310  c46235a81587090000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000319  c46235a8155e090000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000322  c46235a81535090000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000032b  c46235a8150c090000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000334  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000339  c57c281d5f0a0000      vmovaps   ymm11,[constants+0x1e0]
00000341  c46235a81d360a0000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000034a  c46235a81d0d0a0000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000353  c46235a81de4090000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000035c  c46235a81dbb090000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000365  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000036a  c52c5d154e0a0000      vminps    ymm10,ymm10,[constants+0x200]
00000372  c52c5f15660a0000      vmaxps    ymm10,ymm10,[constants+0x220]
0000037a  c57c281d9e080000      vmovaps   ymm11,[constants+0x60]
00000382  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000387  c4c16c59d2            vmulps    ymm2,ymm2,ymm10
0000038c  c56459052c080000      vmulps    ymm8,ymm3,[constants]
00000394  c57c281d44080000      vmovaps   ymm11,[constants+0x20]
0000039c  c441245dc0            vminps    ymm8,ymm11,ymm8
000003a1  c57c281d57080000      vmovaps   ymm11,[constants+0x40]
000003a9  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000003ae  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000003b3  c57c281545090000      vmovaps   ymm10,[constants+0x140]
000003bb  c46235a8151c090000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000003c4  c46235a815f3080000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000003cd  c46235a815ca080000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000003d6  c46235a815a1080000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000003df  c46235a81578080000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000003e8  c46235a8154f080000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000003f1  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000003f6  c57c281da2090000      vmovaps   ymm11,[constants+0x1e0]
000003fe  c46235a81d79090000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000407  c46235a81d50090000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000410  c46235a81d27090000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000419  c46235a81dfe080000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000422  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000427  c52c5d1591090000      vminps    ymm10,ymm10,[constants+0x200]
0000042f  c52c5f15a9090000      vmaxps    ymm10,ymm10,[constants+0x220]
00000437  c57c281de1070000      vmovaps   ymm11,[constants+0x60]
0000043f  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000444  c4c16459da            vmulps    ymm3,ymm3,ymm10
00000449  c55c59056f070000      vmulps    ymm8,ymm4,[constants]
00000451  c57c281d87070000      vmovaps   ymm11,[constants+0x20]
00000459  c441245dc0            vminps    ymm8,ymm11,ymm8
0000045e  c57c281d9a070000      vmovaps   ymm11,[constants+0x40]
00000466  c441245fc0            vmaxps    ymm8,ymm11,ymm8
0000046b  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000470  c57c281588080000      vmovaps   ymm10,[constants+0x140]
00000478  c46235a8155f080000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000481  c46235a81536080000    vfmadd213ps ymm10,ymm9,[constants+0x100]
0000048a  c46235a8150d080000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000493  c46235a815e4070000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
0000049c  c46235a815bb070000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000004a5  c46235a81592070000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000004ae  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000004b3  c57c281de5080000      vmovaps   ymm11,[constants+0x1e0]
000004bb  c46235a81dbc080000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000004c4  c46235a81d93080000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
000004cd  c46235a81d6a080000    vfmadd213ps ymm11,ymm9,[constants+0x180]
000004d6  c46235a81d41080000    vfmadd213ps ymm11,ymm9,[constants+0x160]
000004df  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000004e4  c52c5d15d4080000      vminps    ymm10,ymm10,[constants+0x200]
000004ec  c52c5f15ec080000      vmaxps    ymm10,ymm10,[constants+0x220]
000004f4  c57c281d24070000      vmovaps   ymm11,[constants+0x60]
000004fc  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000501  c4c15c59e2            vmulps    ymm4,ymm4,ymm10
00000506  c5545905b2060000      vmulps    ymm8,ymm5,[constants]
0000050e  c57c281dca060000      vmovaps   ymm11,[constants+0x20]
00000516  c441245dc0            vminps    ymm8,ymm11,ymm8
0000051b  c57c281ddd060000      vmovaps   ymm11,[constants+0x40]
00000523  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000528  c4413c59c8            vmulps    ymm9,ymm8,ymm8
0000052d  c57c2815cb070000      vmovaps   ymm10,[constants+0x140]
00000535  c46235a815a2070000    vfmadd213ps ymm10,ymm9,[constants+0x120]
0000053e  c46235a81579070000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000547  c46235a81550070000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000550  c46235a81527070000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000559  c46235a815fe060000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000562  c46235a815d5060000    vfmadd213ps ymm10,ymm9,[constants+0x80]
0000056b  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000570  c57c281d28080000      vmovaps   ymm11,[constants+0x1e0]
00000578  c46235a81dff070000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000581  c46235a81dd6070000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
0000058a  c46235a81dad070000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000593  c46235a81d84070000    vfmadd213ps ymm11,ymm9,[constants+0x160]
0000059c  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
000005a1  c52c5d1517080000      vminps    ymm10,ymm10,[constants+0x200]
000005a9  c52c5f152f080000      vmaxps    ymm10,ymm10,[constants+0x220]
000005b1  c57c281d67060000      vmovaps   ymm11,[constants+0x60]
000005b9  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000005be  c4c15459ea            vmulps    ymm5,ymm5,ymm10
000005c3  c54c5905f5050000      vmulps    ymm8,ymm6,[constants]
000005cb  c57c281d0d060000      vmovaps   ymm11,[constants+0x20]
000005d3  c441245dc0            vminps    ymm8,ymm11,ymm8
000005d8  c57c281d20060000      vmovaps   ymm11,[constants+0x40]
000005e0  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000005e5  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000005ea  c57c28150e070000      vmovaps   ymm10,[constants+0x140]
000005f2  c46235a815e5060000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000005fb  c46235a815bc060000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000604  c46235a81593060000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
0000060d  c46235a8156a060000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000616  c46235a81541060000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000061f  c46235a81518060000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000628  c4412c59d0            vmulps    ymm10,ymm10,ymm8
0000062d  c57c281d6b070000      vmovaps   ymm11,[constants+0x1e0]
00000635  c46235a81d42070000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000063e  c46235a81d19070000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000647  c46235a81df0060000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000650  c46235a81dc7060000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000659  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000065e  c52c5d155a070000      vminps    ymm10,ymm10,[constants+0x200]
00000666  c52c5f1572070000      vmaxps    ymm10,ymm10,[constants+0x220]
0000066e  c57c281daa050000      vmovaps   ymm11,[constants+0x60]
00000676  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
0000067b  c4c14c59f2            vmulps    ymm6,ymm6,ymm10
00000680  c544590538050000      vmulps    ymm8,ymm7,[constants]
00000688  c57c281d50050000      vmovaps   ymm11,[constants+0x20]
00000690  c441245dc0            vminps    ymm8,ymm11,ymm8
00000695  c57c281d63050000      vmovaps   ymm11,[constants+0x40]
0000069d  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000006a2  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000006a7  c57c281551060000      vmovaps   ymm10,[constants+0x140]
000006af  c46235a81528060000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000006b8  c46235a815ff050000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000006c1  c46235a815d6050000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
000006ca  c46235a815ad050000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
000006d3  c46235a81584050000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
000006dc  c46235a8155b050000    vfmadd213ps ymm10,ymm9,[constants+0x80]
000006e5  c4412c59d0            vmulps    ymm10,ymm10,ymm8
000006ea  c57c281dae060000      vmovaps   ymm11,[constants+0x1e0]
000006f2  c46235a81d85060000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
000006fb  c46235a81d5c060000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000704  c46235a81d33060000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000070d  c46235a81d0a060000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000716  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000071b  c52c5d159d060000      vminps    ymm10,ymm10,[constants+0x200]
00000723  c52c5f15b5060000      vmaxps    ymm10,ymm10,[constants+0x220]
0000072b  c57c281ded040000      vmovaps   ymm11,[constants+0x60]
00000733  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000738  c4c14459fa            vmulps    ymm7,ymm7,ymm10
0000073d  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
00000742  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
00000747  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
0000074c  c4615c15de            vunpckhps ymm11,ymm4,ymm6
00000751  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
00000757  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
0000075d  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
00000763  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
00000769  c4c178118200000000    vmovups   [r10],xmm0
00000772  c4c178119214000000    vmovups   [r10+0x14],xmm2
0000077b  c4c17811a228000000    vmovups   [r10+0x28],xmm4
00000784  c4c17811b23c000000    vmovups   [r10+0x3c],xmm6
0000078d  c4c37d19c001          vextractf128 xmm8,ymm0,1
00000793  c44178118250000000    vmovups   [r10+0x50],xmm8
0000079c  c4c37d19d001          vextractf128 xmm8,ymm2,1
000007a2  c44178118264000000    vmovups   [r10+0x64],xmm8
000007ab  c4c37d19e001          vextractf128 xmm8,ymm4,1
000007b1  c44178118278000000    vmovups   [r10+0x78],xmm8
000007ba  c4c37d19f001          vextractf128 xmm8,ymm6,1
000007c0  c4417811828c000000    vmovups   [r10+0x8c],xmm8
000007c9  c4617414c3            vunpcklps ymm8,ymm1,ymm3
000007ce  c4617415cb            vunpckhps ymm9,ymm1,ymm3
000007d3  c4615414d7            vunpcklps ymm10,ymm5,ymm7
000007d8  c4615415df            vunpckhps ymm11,ymm5,ymm7
000007dd  c4c13cc6ca44          vshufps   ymm1,ymm8,ymm10,0x44
000007e3  c4c13cc6daee          vshufps   ymm3,ymm8,ymm10,0xee
000007e9  c4c134c6eb44          vshufps   ymm5,ymm9,ymm11,0x44
000007ef  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
000007f5  c4c178118aa0000000    vmovups   [r10+0xa0],xmm1
000007fe  c4c178119ab4000000    vmovups   [r10+0xb4],xmm3
00000807  c4c17811aac8000000    vmovups   [r10+0xc8],xmm5
00000810  c4c17811badc000000    vmovups   [r10+0xdc],xmm7
00000819  c4c37d19c801          vextractf128 xmm8,ymm1,1
0000081f  c441781182f0000000    vmovups   [r10+0xf0],xmm8
00000828  c4c37d19d801          vextractf128 xmm8,ymm3,1
0000082e  c44178118204010000    vmovups   [r10+0x104],xmm8
00000837  c4c37d19e801          vextractf128 xmm8,ymm5,1
0000083d  c44178118218010000    vmovups   [r10+0x118],xmm8
00000846  c4c37d19f801          vextractf128 xmm8,ymm7,1
0000084c  c4417811822c010000    vmovups   [r10+0x12c],xmm8
00000855  4981c1c0000000        add       r9,0xc0
0000085c  4981c240010000        add       r10,0x140
00000863  48ffc9                dec       rcx
00000866  0f8504f8ffff          jne       panel_loop_0
done_0:
0000086c  48ffc0                inc       rax
0000086f  493bc3                cmp       rax,r11
00000872  0f833c030000          jae       exit
group_1:                        ; output rows 4..5 (row-blocks 2..3); load X, Y and the panel count
00000878  4c8b8f00000000        mov       r9,[rdi+args.x]
0000087f  4c8b9708000000        mov       r10,[rdi+args.y]
00000886  488b8f20000000        mov       rcx,[rdi+args.panels]
0000088d  4885c9                test      rcx,rcx
00000890  0f8412030000          je        done_1
00000896  90 x 10               nop       ; 10 bytes of alignment
panel_loop_1:                   ; one panel of 16 tokens per iteration: zero the 4x16 accumulator tile
000008a0  488d96a0000000        lea       rdx,[rsi+0xa0]
000008a7  c4e17c57c0            vxorps    ymm0,ymm0,ymm0
000008ac  c4e17457c9            vxorps    ymm1,ymm1,ymm1
000008b1  c4e16c57d2            vxorps    ymm2,ymm2,ymm2
000008b6  c4e16457db            vxorps    ymm3,ymm3,ymm3
000008bb  c4e15c57e4            vxorps    ymm4,ymm4,ymm4
000008c0  c4e15457ed            vxorps    ymm5,ymm5,ymm5
000008c5  c4e14c57f6            vxorps    ymm6,ymm6,ymm6
000008ca  c4e14457ff            vxorps    ymm7,ymm7,ymm7
                                ; k=0: weights 8..9 for block (2, 0)
000008cf  c4627d185280          vbroadcastss ymm10,[rdx-0x80]
000008d5  c4c22db88100000000    vfmadd231ps ymm0,ymm10,[r9]
000008de  c4c22db88920000000    vfmadd231ps ymm1,ymm10,[r9+0x20]
                                ; k=1: weights 9..10 for block (2, 0)
000008e7  c4627d185284          vbroadcastss ymm10,[rdx-0x7c]
000008ed  c4c22db88140000000    vfmadd231ps ymm0,ymm10,[r9+0x40]
000008f6  c4c22db88960000000    vfmadd231ps ymm1,ymm10,[r9+0x60]
                                ; epilogue: gelu, transpose 4x8, store to Y; next panel
000008ff  c57c5905b9020000      vmulps    ymm8,ymm0,[constants]
00000907  c57c281dd1020000      vmovaps   ymm11,[constants+0x20]
0000090f  c441245dc0            vminps    ymm8,ymm11,ymm8
00000914  c57c281de4020000      vmovaps   ymm11,[constants+0x40]
0000091c  c441245fc0            vmaxps    ymm8,ymm11,ymm8
00000921  c4413c59c8            vmulps    ymm9,ymm8,ymm8
00000926  c57c2815d2030000      vmovaps   ymm10,[constants+0x140]
0000092e  c46235a815a9030000    vfmadd213ps ymm10,ymm9,[constants+0x120]
00000937  c46235a81580030000    vfmadd213ps ymm10,ymm9,[constants+0x100]
00000940  c46235a81557030000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000949  c46235a8152e030000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000952  c46235a81505030000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
0000095b  c46235a815dc020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000964  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000969  c57c281d2f040000      vmovaps   ymm11,[constants+0x1e0]
00000971  c46235a81d06040000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
0000097a  c46235a81ddd030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000983  c46235a81db4030000    vfmadd213ps ymm11,ymm9,[constants+0x180]
0000098c  c46235a81d8b030000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000995  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
0000099a  c52c5d151e040000      vminps    ymm10,ymm10,[constants+0x200]
000009a2  c52c5f1536040000      vmaxps    ymm10,ymm10,[constants+0x220]
000009aa  c57c281d6e020000      vmovaps   ymm11,[constants+0x60]
000009b2  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
000009b7  c4c17c59c2            vmulps    ymm0,ymm0,ymm10
000009bc  c5745905fc010000      vmulps    ymm8,ymm1,[constants]
000009c4  c57c281d14020000      vmovaps   ymm11,[constants+0x20]
000009cc  c441245dc0            vminps    ymm8,ymm11,ymm8
000009d1  c57c281d27020000      vmovaps   ymm11,[constants+0x40]
000009d9  c441245fc0            vmaxps    ymm8,ymm11,ymm8
000009de  c4413c59c8            vmulps    ymm9,ymm8,ymm8
000009e3  c57c281515030000      vmovaps   ymm10,[constants+0x140]
000009eb  c46235a815ec020000    vfmadd213ps ymm10,ymm9,[constants+0x120]
000009f4  c46235a815c3020000    vfmadd213ps ymm10,ymm9,[constants+0x100]
000009fd  c46235a8159a020000    vfmadd213ps ymm10,ymm9,[constants+0xe0]
00000a06  c46235a81571020000    vfmadd213ps ymm10,ymm9,[constants+0xc0]
00000a0f  c46235a81548020000    vfmadd213ps ymm10,ymm9,[constants+0xa0]
00000a18  c46235a8151f020000    vfmadd213ps ymm10,ymm9,[constants+0x80]
00000a21  c4412c59d0            vmulps    ymm10,ymm10,ymm8
00000a26  c57c281d72030000      vmovaps   ymm11,[constants+0x1e0]
00000a2e  c46235a81d49030000    vfmadd213ps ymm11,ymm9,[constants+0x1c0]
00000a37  c46235a81d20030000    vfmadd213ps ymm11,ymm9,[constants+0x1a0]
00000a40  c46235a81df7020000    vfmadd213ps ymm11,ymm9,[constants+0x180]
00000a49  c46235a81dce020000    vfmadd213ps ymm11,ymm9,[constants+0x160]
00000a52  c4412c5ed3            vdivps    ymm10,ymm10,ymm11
00000a57  c52c5d1561030000      vminps    ymm10,ymm10,[constants+0x200]
00000a5f  c52c5f1579030000      vmaxps    ymm10,ymm10,[constants+0x220]
00000a67  c57c281db1010000      vmovaps   ymm11,[constants+0x60]
00000a6f  c44225a8d3            vfmadd213ps ymm10,ymm11,ymm11
00000a74  c4c17459ca            vmulps    ymm1,ymm1,ymm10
00000a79  c4617c14c2            vunpcklps ymm8,ymm0,ymm2
00000a7e  c4617c15ca            vunpckhps ymm9,ymm0,ymm2
00000a83  c4615c14d6            vunpcklps ymm10,ymm4,ymm6
00000a88  c4615c15de            vunpckhps ymm11,ymm4,ymm6
00000a8d  c4c13cc6c244          vshufps   ymm0,ymm8,ymm10,0x44
00000a93  c4c13cc6d2ee          vshufps   ymm2,ymm8,ymm10,0xee
00000a99  c4c134c6e344          vshufps   ymm4,ymm9,ymm11,0x44
00000a9f  c4c134c6f3ee          vshufps   ymm6,ymm9,ymm11,0xee
00000aa5  c4c17a118210000000    vmovss    [r10+0x10],xmm0
00000aae  c4c17a119224000000    vmovss    [r10+0x24],xmm2
00000ab7  c4c17a11a238000000    vmovss    [r10+0x38],xmm4
00000ac0  c4c17a11b24c000000    vmovss    [r10+0x4c],xmm6
00000ac9  c4c37d19c001          vextractf128 xmm8,ymm0,1
00000acf  c4417a118260000000    vmovss    [r10+0x60],xmm8
00000ad8  c4c37d19d001          vextractf128 xmm8,ymm2,1
00000ade  c4417a118274000000    vmovss    [r10+0x74],xmm8
00000ae7  c4c37d19e001          vextractf128 xmm8,ymm4,1
00000aed  c4417a118288000000    vmovss    [r10+0x88],xmm8
00000af6  c4c37d19f001          vextractf128 xmm8,ymm6,1
00000afc  c4417a11829c000000    vmovss    [r10+0x9c],xmm8
00000b05  c4617414c3            vunpcklps ymm8,ymm1,ymm3
00000b0a  c4617415cb            vunpckhps ymm9,ymm1,ymm3
00000b0f  c4615414d7            vunpcklps ymm10,ymm5,ymm7
00000b14  c4615415df            vunpckhps ymm11,ymm5,ymm7
00000b19  c4c13cc6ca44          vshufps   ymm1,ymm8,ymm10,0x44
00000b1f  c4c13cc6daee          vshufps   ymm3,ymm8,ymm10,0xee
00000b25  c4c134c6eb44          vshufps   ymm5,ymm9,ymm11,0x44
00000b2b  c4c134c6fbee          vshufps   ymm7,ymm9,ymm11,0xee
00000b31  c4c17a118ab0000000    vmovss    [r10+0xb0],xmm1
00000b3a  c4c17a119ac4000000    vmovss    [r10+0xc4],xmm3
00000b43  c4c17a11aad8000000    vmovss    [r10+0xd8],xmm5
00000b4c  c4c17a11baec000000    vmovss    [r10+0xec],xmm7
00000b55  c4c37d19c801          vextractf128 xmm8,ymm1,1
00000b5b  c4417a118200010000    vmovss    [r10+0x100],xmm8
00000b64  c4c37d19d801          vextractf128 xmm8,ymm3,1
00000b6a  c4417a118214010000    vmovss    [r10+0x114],xmm8
00000b73  c4c37d19e801          vextractf128 xmm8,ymm5,1
00000b79  c4417a118228010000    vmovss    [r10+0x128],xmm8
00000b82  c4c37d19f801          vextractf128 xmm8,ymm7,1
00000b88  c4417a11823c010000    vmovss    [r10+0x13c],xmm8
00000b91  4981c1c0000000        add       r9,0xc0
00000b98  4981c240010000        add       r10,0x140
00000b9f  48ffc9                dec       rcx
00000ba2  0f85f8fcffff          jne       panel_loop_1
done_1:
00000ba8  48ffc0                inc       rax
00000bab  493bc3                cmp       rax,r11
00000bae  0f8300000000          jae       exit
exit:                           ; return
00000bb4  c5f877                vzeroupper
00000bb7  c3                    ret
jump_table:                     ; i32 offsets of the groups, from jump_table
00000bb8  7df4ffff              dd        group_0-jump_table
00000bbc  c0fcffff              dd        group_1-jump_table
constants:                      ; 32-byte vector constants of the epilogue
00000bc0  f304353f              dd        8 dup (0.70710677)  ; constants+0x0
00000be0  4dd47a40              dd        8 dup (3.9192078)  ; constants+0x20
00000c00  4dd47ac0              dd        8 dup (-3.9192078)  ; constants+0x40
00000c20  0000003f              dd        8 dup (0.5)  ; constants+0x60
00000c40  d4db83bc              dd        8 dup (-0.016096033)  ; constants+0x80
00000c60  f6a141bb              dd        8 dup (-0.0029546)  ; constants+0xa0
00000c80  63ac40ba              dd        8 dup (-0.00073499064)  ; constants+0xc0
00000ca0  d2c26eb8              dd        8 dup (-5.6925062e-5)  ; constants+0xe0
00000cc0  51ff0cb6              dd        8 dup (-2.101024e-6)  ; constants+0x100
00000ce0  eeffed32              dd        8 dup (2.7706815e-8)  ; constants+0x120
00000d00  0bdf95af              dd        8 dup (-2.7261424e-10)  ; constants+0x140
00000d20  a8b669bc              dd        8 dup (-0.01426474)  ; constants+0x160
00000d40  f79bf1bb              dd        8 dup (-0.007373329)  ; constants+0x180
00000d60  4e92dcba              dd        8 dup (-0.001682827)  ; constants+0x1a0
00000d80  2abd5fb9              dd        8 dup (-0.00021337406)  ; constants+0x1c0
00000da0  ce6074b7              dd        8 dup (-1.4566072e-5)  ; constants+0x1e0
00000dc0  0000803f              dd        8 dup (1.0)  ; constants+0x200
00000de0  000080bf              dd        8 dup (-1.0)  ; constants+0x220
