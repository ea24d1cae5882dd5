/*
 * Each system's CMSG_* macros, copied from its header, over a struct
 * cmsghdr of that system's shape, run on this host: the model the Rust
 * codec's foreign layouts are compared with (cmsg-core/tests/layouts.rs).
 *
 *   cmsg_model <system> sizes          CMSG_LEN/CMSG_SPACE/CMSG_DATA offset, n = 0..=256
 *   cmsg_model <system> walk <file>    CMSG_FIRSTHDR/CMSG_NXTHDR over the file's bytes
 *
 * Systems: linux64 linux32 apple bsd4 bsd8 bsd16 illumos_x86 illumos_sparc.
 * Addresses are what the macros align: the buffer is 64-byte aligned, so
 * aligning an address and aligning an offset from it agree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hdr32 { uint32_t cmsg_len; int cmsg_level; int cmsg_type; };
struct hdr64 { uint64_t cmsg_len; int cmsg_level; int cmsg_type; };

static _Alignas(64) unsigned char buffer[1 << 16];
static size_t controllen;

/* Linux, include/linux/socket.h (sizeof(long) is the kernel's word). */
#define LINUX_ALIGN(len, word) (((len) + (word) - 1) & ~((size_t)(word) - 1))
#define LINUX_DATA(cmsg, word) ((unsigned char *)(cmsg) + LINUX_ALIGN(sizeof(*(cmsg)), word))
#define LINUX_SPACE(len, hdr, word) (LINUX_ALIGN(sizeof(hdr), word) + LINUX_ALIGN(len, word))
#define LINUX_LEN(len, hdr, word) (LINUX_ALIGN(sizeof(hdr), word) + (len))
/* __cmsg_nxthdr */
#define LINUX_NXTHDR(cmsg, word) ({ \
    unsigned char *next = (unsigned char *)(cmsg) + LINUX_ALIGN((cmsg)->cmsg_len, word); \
    ((size_t)((unsigned char *)((__typeof__(cmsg))next + 1) - buffer) > controllen) ? NULL : (__typeof__(cmsg))next; })
#define LINUX_FIRSTHDR(hdr) (controllen >= sizeof(hdr) ? (hdr *)buffer : NULL)

/* FreeBSD, NetBSD, OpenBSD, DragonFly sys/sys/socket.h; xnu bsd/sys/socket.h
 * with __DARWIN_ALIGN32 = _ALIGN(4); Haiku the same with sizeof(long). */
#define BSD_ALIGN(p, bytes) (((uintptr_t)(p) + (bytes)) & ~(uintptr_t)(bytes))
#define BSD_DATA(cmsg, bytes) ((unsigned char *)(cmsg) + BSD_ALIGN(sizeof(struct hdr32), bytes))
#define BSD_SPACE(l, bytes) (BSD_ALIGN(sizeof(struct hdr32), bytes) + BSD_ALIGN(l, bytes))
#define BSD_LEN(l, bytes) (BSD_ALIGN(sizeof(struct hdr32), bytes) + (l))
#define BSD_NXTHDR(cmsg, bytes) \
    (((unsigned char *)(cmsg) + BSD_ALIGN((cmsg)->cmsg_len, bytes) + BSD_ALIGN(sizeof(struct hdr32), bytes) > \
      buffer + controllen) ? NULL : \
     (struct hdr32 *)((unsigned char *)(cmsg) + BSD_ALIGN((cmsg)->cmsg_len, bytes)))
#define BSD_FIRSTHDR() (controllen >= sizeof(struct hdr32) ? (struct hdr32 *)buffer : NULL)

/* illumos usr/src/uts/common/sys/socket.h: headers to _CMSG_HDR_ALIGNMENT
 * (4 on x86, 8 on SPARC), data to _CMSG_DATA_ALIGNMENT (sizeof(int)). */
#define IL_HDR_ALIGN(x, a) (((uintptr_t)(x) + ((a) - 1)) & ~((uintptr_t)(a) - 1))
#define IL_DATA_ALIGN(x) (((uintptr_t)(x) + (sizeof(int) - 1)) & ~(sizeof(int) - 1))
#define IL_DATA(c) ((unsigned char *)IL_DATA_ALIGN((struct hdr32 *)(c) + 1))
#define IL_NXTHDR(c, a) \
    (((IL_HDR_ALIGN((char *)(c) + (c)->cmsg_len, a) + sizeof(struct hdr32)) > \
      (uintptr_t)(buffer + controllen)) ? NULL : \
     (struct hdr32 *)IL_HDR_ALIGN((char *)(c) + (c)->cmsg_len, a))
#define IL_SPACE(l, a) ((unsigned int)IL_HDR_ALIGN(IL_DATA_ALIGN(sizeof(struct hdr32)) + (l), a))
#define IL_LEN(l) ((unsigned int)(IL_DATA_ALIGN(sizeof(struct hdr32)) + (l)))

static void sizes(const char *sys) {
    for (size_t n = 0; n <= 256; n++) {
        size_t len, space, data;
        struct hdr32 h32; struct hdr64 h64;
        if (!strcmp(sys, "linux64")) { len = LINUX_LEN(n, struct hdr64, 8); space = LINUX_SPACE(n, struct hdr64, 8); data = LINUX_DATA(&h64, 8) - (unsigned char *)&h64; }
        else if (!strcmp(sys, "linux32")) { len = LINUX_LEN(n, struct hdr32, 4); space = LINUX_SPACE(n, struct hdr32, 4); data = LINUX_DATA(&h32, 4) - (unsigned char *)&h32; }
        else if (!strcmp(sys, "apple") || !strcmp(sys, "bsd4")) { len = BSD_LEN(n, 3); space = BSD_SPACE(n, 3); data = BSD_LEN(0, 3); }
        else if (!strcmp(sys, "bsd8")) { len = BSD_LEN(n, 7); space = BSD_SPACE(n, 7); data = BSD_LEN(0, 7); }
        else if (!strcmp(sys, "bsd16")) { len = BSD_LEN(n, 15); space = BSD_SPACE(n, 15); data = BSD_LEN(0, 15); }
        else if (!strcmp(sys, "illumos_x86")) { len = IL_LEN(n); space = IL_SPACE(n, 4); data = IL_LEN(0); }
        else if (!strcmp(sys, "illumos_sparc")) { len = IL_LEN(n); space = IL_SPACE(n, 8); data = IL_LEN(0); }
        else { fprintf(stderr, "unknown system %s\n", sys); exit(2); }
        printf("%zu %zu %zu %zu\n", n, len, space, data);
    }
}

#define WALK(first, next, datafn) do { \
    for (__typeof__(first) c = (first); c; c = (next)) \
        printf("%zu %llu %d %d %zu\n", (size_t)((unsigned char *)c - buffer), \
               (unsigned long long)c->cmsg_len, c->cmsg_level, c->cmsg_type, \
               (size_t)((datafn) - buffer)); \
} while (0)

static void walk(const char *sys) {
    if (!strcmp(sys, "linux64")) WALK(LINUX_FIRSTHDR(struct hdr64), LINUX_NXTHDR(c, 8), LINUX_DATA(c, 8));
    else if (!strcmp(sys, "linux32")) WALK(LINUX_FIRSTHDR(struct hdr32), LINUX_NXTHDR(c, 4), LINUX_DATA(c, 4));
    else if (!strcmp(sys, "apple") || !strcmp(sys, "bsd4")) WALK(BSD_FIRSTHDR(), BSD_NXTHDR(c, 3), BSD_DATA(c, 3));
    else if (!strcmp(sys, "bsd8")) WALK(BSD_FIRSTHDR(), BSD_NXTHDR(c, 7), BSD_DATA(c, 7));
    else if (!strcmp(sys, "bsd16")) WALK(BSD_FIRSTHDR(), BSD_NXTHDR(c, 15), BSD_DATA(c, 15));
    else if (!strcmp(sys, "illumos_x86")) WALK(BSD_FIRSTHDR(), IL_NXTHDR(c, 4), IL_DATA(c));
    else if (!strcmp(sys, "illumos_sparc")) WALK(BSD_FIRSTHDR(), IL_NXTHDR(c, 8), IL_DATA(c));
    else { fprintf(stderr, "unknown system %s\n", sys); exit(2); }
}

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[2], "sizes")) { sizes(argv[1]); return 0; }
    if (argc >= 4 && !strcmp(argv[2], "walk")) {
        FILE *f = fopen(argv[3], "rb");
        if (!f) { perror(argv[3]); return 2; }
        controllen = fread(buffer, 1, sizeof buffer, f);
        fclose(f);
        walk(argv[1]);
        return 0;
    }
    fprintf(stderr, "usage: %s <system> sizes | walk <file>\n", argv[0]);
    return 2;
}
