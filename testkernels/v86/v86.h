/* v86.h -- shared by v86.c and blob.S: where the real-mode code runs and reports. */
#ifndef V86_H
#define V86_H

#define V86_SEG     0x2000          /* code, data and stack segment: linear 0x20000 */
#define V86_ES      0x2100
#define V86_FS      0x2200
#define V86_GS      0x2300
#define V86_SP      0xF000
#define RES         0x0800          /* results, at DS:RES */

/* Offsets of the 16-bit results from RES. */
#define R_SP        0
#define R_SS        2
#define R_CS        4
#define R_DS        6
#define R_ES        8
#define R_FS        10
#define R_GS        12
#define R_SUM       14
#define R_SUM_HI    16      /* R_SUM + 2: read through [BX+SI]; the kernel puts a value */
#define R_BXSI      18
#define R_AX_AFTER  20
#define R_FLAGS     22
#define R_IN_OK     24

#endif
