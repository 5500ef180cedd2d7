/*
 * xlsx_zip: the ZIP side of the XLSX reader (minizip), under caps.
 *
 * The package must start with a ZIP local header and list at most
 * max_entries entries, no two of one name (ASCII case ignored). Parts are read one at a time, by exact name only
 * (the caller names the parts it knows; nothing is listed or extracted).
 *
 * Zip bombs: the bytes really inflated (summed over unzReadCurrentFile, not
 * the sizes the directory claims) are capped by max_inflated over all parts,
 * and a part past 1 MiB whose inflated/compressed ratio passes max_ratio is
 * refused. Encrypted parts are refused; a part read to its end has its CRC
 * checked.
 *
 * Call protocol:
 *   z = xlsx_zip_open(src, &limits, &cause)     -> NULL and *cause on error
 *   xlsx_zip_part_open(z, name, required, &cause) -> 0 open, 1 absent, -1
 *   xlsx_zip_part_read(z, buf, len, &got, &cause) until got == 0
 *   xlsx_zip_part_close(z, &cause)     (or xlsx_zip_part_abandon on error)
 *   ... more parts ...
 *   xlsx_zip_close(z)
 */
#ifndef KP_XLSX_ZIP_H
#define KP_XLSX_ZIP_H

#include <stddef.h>
#include <stdint.h>

struct reader_limits;
struct reader_src;
struct xlsx_zip;

/*
 * Open the file src (read with pread, whatever its position) as a ZIP package: check the signature, read the directory and
 * refuse more than lim->max_entries entries or a name listed twice. The caps
 * come from lim (copied).
 * NULL and an allocated *cause on error; the caller frees with xlsx_zip_close.
 */
struct xlsx_zip *xlsx_zip_open(struct reader_src *src,
    const struct reader_limits *lim, char **cause);
/* Close the open part (without a CRC check), the package and free z; NULL
 * is fine. */
void xlsx_zip_close(struct xlsx_zip *z);

/*
 * Open the part named exactly name: 0 open, 1 absent (only when !required),
 * -1 and *cause (absent and required, unreadable, encrypted). name is kept,
 * not copied: it must stay valid until the next xlsx_zip_part_open or
 * xlsx_zip_close.
 */
int xlsx_zip_part_open(struct xlsx_zip *z, const char *name, int required,
    char **cause);
/* Inflate up to len bytes of the open part into buf; *got is 0 at its end.
 * -1 and *cause when the part is corrupt or passes a cap. */
int xlsx_zip_part_read(struct xlsx_zip *z, void *buf, size_t len,
    size_t *got, char **cause);
/* Close the open part; -1 and *cause on a CRC mismatch (read to its end). */
int xlsx_zip_part_close(struct xlsx_zip *z, char **cause);
/* Close the open part after an error, without checking anything. */
void xlsx_zip_part_abandon(struct xlsx_zip *z);
/* How far into the ZIP file the open part has been read (for progress). */
uint64_t xlsx_zip_position(const struct xlsx_zip *z);

#endif
