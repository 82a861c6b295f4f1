package org.minixemu.cpu.conformance;

import java.util.List;
import java.util.Map;

/**
 * One hardware-recorded test: the state before one instruction and the state after the HLT that
 * follows it. See shared/conformance/README.md for the format.
 *
 * @param ram pairs of (physical address, byte) as {@code int[2]}
 */
record SingleStepTest(int idx, String name, int[] bytes, Map<String, Integer> initialRegs, List<int[]> initialRam,
        Map<String, Integer> finalRegs, List<int[]> finalRam, Exception exception, String hash) {

    /** The 14 registers every test sets, in the order failures print them. */
    static final List<String> REGISTERS =
            List.of("ax", "bx", "cx", "dx", "cs", "ss", "ds", "es", "sp", "bp", "si", "di", "ip", "flags");

    /** The interrupt the instruction took, and where the FLAGS image it pushed lies. */
    record Exception(int number, int flagAddress) {
    }

    /** Builds a test from one parsed JSON object; {@code where} names it in error messages. */
    static SingleStepTest fromJson(Object json, String where) {
        Map<String, Object> o = asObject(json, where);
        Map<String, Object> initial = asObject(field(o, "initial", where), where + " initial");
        Map<String, Object> fin = asObject(field(o, "final", where), where + " final");
        Map<String, Integer> initialRegs = registers(field(initial, "regs", where), where + " initial.regs");
        for (String r : REGISTERS) {
            if (!initialRegs.containsKey(r)) {
                throw new IllegalArgumentException(where + ": initial.regs has no '" + r + "'");
            }
        }
        Exception exception = null;
        Object ex = o.get("exception");
        if (ex != null) {
            Map<String, Object> e = asObject(ex, where + " exception");
            exception = new Exception(integer(field(e, "number", where), where + " exception.number"),
                    integer(field(e, "flag_address", where), where + " exception.flag_address"));
        }
        List<Object> byteList = asList(field(o, "bytes", where), where + " bytes");
        int[] bytes = new int[byteList.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = integer(byteList.get(i), where + " bytes") & 0xFF;
        }
        if (bytes.length == 0 || bytes[bytes.length - 1] != 0xF4) {
            throw new IllegalArgumentException(where + ": bytes do not end with F4 (HLT)");
        }
        Object name = o.get("name");
        Object hash = o.get("hash");
        return new SingleStepTest(integer(field(o, "idx", where), where + " idx"),
                name instanceof String s ? s : "", bytes, initialRegs, ram(field(initial, "ram", where), where),
                registers(field(fin, "regs", where), where + " final.regs"), ram(field(fin, "ram", where), where),
                exception, hash instanceof String h ? h : "");
    }

    /** The instruction's bytes without the HLT that ends every test. */
    int instructionLength() {
        return bytes.length - 1;
    }

    private static Object field(Map<String, Object> o, String key, String where) {
        if (!o.containsKey(key)) {
            throw new IllegalArgumentException(where + ": missing field '" + key + "'");
        }
        return o.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object o, String where) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(where + ": expected a JSON object");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o, String where) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalArgumentException(where + ": expected a JSON array");
    }

    private static int integer(Object o, String where) {
        if (o instanceof Long l && l >= Integer.MIN_VALUE && l <= 0xFFFFFFFFL) {
            return (int) (long) l;
        }
        throw new IllegalArgumentException(where + ": expected an integer, found " + o);
    }

    private static Map<String, Integer> registers(Object json, String where) {
        Map<String, Object> o = asObject(json, where);
        Map<String, Integer> regs = new java.util.HashMap<>();
        for (Map.Entry<String, Object> e : o.entrySet()) {
            if (!REGISTERS.contains(e.getKey())) {
                throw new IllegalArgumentException(where + ": unknown register '" + e.getKey() + "'");
            }
            int v = integer(e.getValue(), where + "." + e.getKey());
            if (v < 0 || v > 0xFFFF) {
                throw new IllegalArgumentException(where + "." + e.getKey() + ": " + v + " is not a 16-bit value");
            }
            regs.put(e.getKey(), v);
        }
        return regs;
    }

    private static List<int[]> ram(Object json, String where) {
        List<Object> list = asList(json, where + " ram");
        List<int[]> out = new java.util.ArrayList<>(list.size());
        for (Object entry : list) {
            List<Object> pair = asList(entry, where + " ram entry");
            if (pair.size() != 2) {
                throw new IllegalArgumentException(where + ": a ram entry must be [address, byte]");
            }
            int address = integer(pair.get(0), where + " ram address");
            int value = integer(pair.get(1), where + " ram byte");
            if (address < 0 || address > 0xFFFFFF || value < 0 || value > 0xFF) {
                throw new IllegalArgumentException(where + ": ram entry [" + address + ", " + value + "] is out of range");
            }
            out.add(new int[] {address, value});
        }
        return out;
    }
}
