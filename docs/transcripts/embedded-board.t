docs/embedded.md: the tuned model's C export on a Cortex-M4F under QEMU
(scripts/embedded_check.sh) and on the whole test set on the host (skipped
without the arm toolchain and QEMU: scripts/install_deps.sh --embedded). The
search and the export are those of embedded.t, again.

  $ . "$TESTDIR/setup.sh" fashion kernel
  $ command -v arm-none-eabi-gcc > /dev/null && command -v qemu-system-arm > /dev/null || exit 80
  $ ./build/bin/tunet tune examples/fashion_mlp_embedded.json > /dev/null
  $ ./build/bin/tunet export runs/fashion_mlp_embedded/best_model.ckpt --format c --out runs/fashion_mlp_embedded_c/int8 \
  >   --int8 --calibration examples/fashion_mlp_embedded.json > /dev/null
  $ ./build/bin/tunet export runs/fashion_mlp_embedded/best_model.ckpt --format c --out runs/fashion_mlp_embedded_c/float > /dev/null

#> board output-only
  $ TUNET_EMBEDDED_EXPORTED=runs/fashion_mlp_embedded_c bash scripts/embedded_check.sh build
  == exported C from runs/fashion_mlp_embedded_c/{float,int8}
  == float: firmware (Cortex-M4F, -Os) and host harness (x86-64, -O2)
     # stack high-water of one prediction: 44 bytes
     # accuracy on 200 test images: 178 correct (float export)
     # accuracy on 200 test images: 178 correct (float export)
     # host time per image: * over 200 images, input scaling included) (glob)
     float: 200 of 200 images, M4 vs host: 200 lines identical, max |difference| 0 (allowed 1e-5)
  == int8: firmware (Cortex-M4F, -Os) and host harness (x86-64, -O2)
     # stack high-water of one prediction: 48 bytes
     # accuracy on 200 test images: 179 correct (int8 export)
     # accuracy on 200 test images: 179 correct (int8 export)
     # host time per image: * over 200 images, input scaling and quantisation included) (glob)
     int8: 200 of 200 images, M4 vs host: 200 lines identical, max |difference| 0 (allowed 0)
  == a firmware whose arena is smaller than MODEL_ARENA_BYTES does not compile
     compile error: static assertion failed: "the arena is smaller than MODEL_ARENA_BYTES of model.h (raise FIRMWARE_ARENA_BYTES)"
  == sizes of the exported model (code + constants + static data; RAM: + arena + stack of one prediction)
     float: library members linked for the model: none
     int8: library members linked for the model: none
  
                     Cortex-M4F (-Os, arm-none-eabi-gcc)                          x86-64 -Os object   host
  export   code  constants   data    bss   arena   stack     flash      RAM     code  constants  us/image
  float       536     203560      0      0     256      44    204096      300      596    203628   * (glob)
  int8        844      51728      0      0     848      48     52572      896      995     51792    * (glob)
  (bytes; flash = code + constants + data; RAM = data + bss + arena + stack high-water of one prediction;
   the harness, semihosting I/O and test images are left out. QEMU is not cycle-accurate: time is the host's.)
  == goals (MLP)
     met:     float code bytes: 536 <= 8192
     met:     int8 code bytes: 844 <= 8192
     met:     int8 flash bytes (code + constants + data): 52572 <= 90112
     met:     int8 arena + stack bytes: 896 <= 4096
  sizes (*): (glob)
  {"model": "exported", "kind": "MLP", "images": 200, "float": {"cortex_m4": {"text": 536, "rodata": 203560, "data": 0, "bss": 0, "arena": 256, "stack": 44, "flash": 204096, "ram": 300, "library_members": ""}, "x86_64_Os": {"text": 596, "rodata": 203628, "data": 0, "bss": 0}, "host_us_per_image": *},"int8": {"cortex_m4": {"text": 844, "rodata": 51728, "data": 0, "bss": 0, "arena": 848, "stack": 48, "flash": 52572, "ram": 896, "library_members": ""}, "x86_64_Os": {"text": 995, "rodata": 51792, "data": 0, "bss": 0}, "host_us_per_image": *}} (glob)

#> test-set
  $ c=runs/fashion_mlp_embedded_c fw=examples/embedded/firmware
  $ bash examples/embedded/make_test_images.sh 10000 $c/test_images.h
  $ for v in float int8; do
  >   gcc -std=c11 -O2 -I $c/$v -I $c -I $fw $fw/main.c $c/$v/model.c -o $c/$v/host
  >   $c/$v/host > $c/$v/predictions.txt && grep '^# accuracy' $c/$v/predictions.txt
  > done
  # accuracy on 10000 test images: 8697 correct (float export)
  # accuracy on 10000 test images: 8693 correct (int8 export)
  $ awk '/^#/ { next } FNR == NR { float[$1] = $3; next } { n++; same += float[$1] == $3 }
  >      END { printf "# top-1 agreement, int8 vs float: %d of %d (%.2f %%)\n", same, n, 100 * same / n }' \
  >   $c/float/predictions.txt $c/int8/predictions.txt
  # top-1 agreement, int8 vs float: 9946 of 10000 (99.46 %)
