package org.minixemu.kernel.inspect;

/**
 * One used entry of a process's grant table, read from its memory.
 *
 * @param id the grant id (the index in the table)
 * @param kind "direct", "indirect" or "magic"
 * @param access "r", "w", "rw" or "-"
 * @param valid whether CPF_VALID is set
 * @param grantee the label of the process it is for (indirect: also where it leads), or ANY
 * @param description the rest in words: the range, or where an indirect or magic grant leads
 */
public record GrantSnapshot(int id, String kind, String access, boolean valid, String grantee,
        String description) {
}
