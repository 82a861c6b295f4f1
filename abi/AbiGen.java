import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Generates both sides of the guest ABI from {@code abi/minix.abi} (DESIGN.md section 4): a Java
 * class of constants for the kernel and a C header for the guest. Run as a single-file program,
 * so that neither the Maven build nor make needs anything compiled first:
 *
 * <pre>
 *   java abi/AbiGen.java java abi/minix.abi OUT_DIR      # OUT_DIR/org/minixemu/kernel/abi/Abi.java
 *   java abi/AbiGen.java c    abi/minix.abi OUT_FILE     # the header, e.g. .../minix/abi.h
 * </pre>
 *
 * A malformed definition file stops the build with {@code minix.abi:LINE: problem}.
 */
public final class AbiGen {
    /** One named value. */
    record Const(String name, long value, String expression) {
    }

    /** One field of a struct: a scalar or an array of {@code count} elements of {@code type}. */
    record Field(String name, String type, int count, int offset, int size) {
    }

    /** A struct of fixed size; a payload struct lives at MESSAGE_HEADER inside a message. */
    record Struct(String name, int size, boolean payload, List<Field> fields) {
    }

    /** A heading with what follows it, in file order. */
    record Item(String section, Const constant, Struct struct, String group) {
    }

    private final String file;
    private final Map<String, Const> consts = new LinkedHashMap<>();
    private final Map<String, List<Const>> groups = new LinkedHashMap<>();
    private final List<Item> items = new ArrayList<>();
    private final List<Struct> structs = new ArrayList<>();

    private AbiGen(String file) {
        this.file = file;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !(args[0].equals("java") || args[0].equals("c"))) {
            System.err.println("usage: java AbiGen.java java|c DEFINITION-FILE OUTPUT");
            System.exit(2);
        }
        Path source = Path.of(args[1]);
        AbiGen gen = new AbiGen(source.getFileName().toString());
        try {
            gen.parse(Files.readAllLines(source, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        Path out = Path.of(args[2]);
        String text;
        if (args[0].equals("java")) {
            out = out.resolve("org/minixemu/kernel/abi/Abi.java");
            text = gen.java();
        } else {
            text = gen.c();
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        // Rewrite only on change, so make and javac do not rebuild what did not change.
        if (!Files.exists(out) || !Files.readString(out, StandardCharsets.UTF_8).equals(text)) {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        }
    }

    // ---- parsing ------------------------------------------------------------------------

    private void parse(List<String> lines) {
        String group = null;
        Struct open = null;
        int openLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] w = line.split("\\s+");
            if (open != null) {
                if (w[0].equals("end")) {
                    checkStruct(open, openLine);
                    structs.add(open);
                    items.add(new Item(null, null, open, null));
                    open = null;
                    continue;
                }
                open.fields().add(field(w, lineNo));
                continue;
            }
            switch (w[0]) {
                case "section" -> {
                    group = null;
                    items.add(new Item(line.substring("section".length()).strip(), null, null, null));
                }
                case "group" -> {
                    need(w.length == 2, lineNo, "expected: group NAME");
                    group = w[1];
                    need(!groups.containsKey(group), lineNo, "group " + group + " defined twice");
                    groups.put(group, new ArrayList<>());
                }
                case "const" -> {
                    need(w.length >= 3, lineNo, "expected: const NAME EXPRESSION");
                    String name = w[1];
                    need(name.matches("[A-Z_][A-Z0-9_]*"), lineNo, "constant names are UPPER_SNAKE: " + name);
                    need(!consts.containsKey(name), lineNo, name + " defined twice");
                    String expr = line.substring(line.indexOf(name) + name.length()).strip();
                    Const c = new Const(name, evaluate(expr, lineNo), expr);
                    consts.put(name, c);
                    items.add(new Item(null, c, null, group));
                    if (group != null) {
                        groups.get(group).add(c);
                    }
                }
                case "struct" -> {
                    need(w.length == 3 || (w.length == 4 && w[3].equals("payload")), lineNo,
                            "expected: struct NAME SIZE [payload]");
                    open = new Struct(w[1], (int) number(w[2], lineNo), w.length == 4, new ArrayList<>());
                    openLine = lineNo;
                }
                default -> throw error(lineNo, "unknown statement '" + w[0] + "'");
            }
        }
        need(open == null, openLine, "struct " + (open == null ? "" : open.name()) + " has no 'end'");
    }

    private Field field(String[] w, int lineNo) {
        need(w.length == 3, lineNo, "expected: FIELD TYPE OFFSET");
        String type = w[1];
        int count = 1;
        int bracket = type.indexOf('[');
        if (bracket >= 0) {
            need(type.endsWith("]"), lineNo, "bad array type " + type);
            count = (int) number(type.substring(bracket + 1, type.length() - 1), lineNo);
            type = type.substring(0, bracket);
        }
        int size = switch (type) {
            case "i8", "u8", "char" -> 1;
            case "i16", "u16" -> 2;
            case "i32", "u32", "ptr" -> 4;
            case "message" -> (int) consts.get("MESSAGE_SIZE").value();
            default -> throw error(lineNo, "unknown field type " + type);
        };
        return new Field(w[0], type, count, (int) number(w[2], lineNo), size * count);
    }

    private void checkStruct(Struct s, int lineNo) {
        int end = 0;
        for (Field f : s.fields()) {
            need(f.offset() >= end, lineNo, s.name() + "." + f.name() + " overlaps the field before it");
            int align = Math.min(f.size() / f.count(), 4);
            need(f.offset() % align == 0, lineNo, s.name() + "." + f.name() + " is misaligned");
            end = f.offset() + f.size();
        }
        need(end <= s.size(), lineNo, s.name() + " fields run past its size " + s.size());
        if (s.payload()) {
            need(s.size() == consts.get("MESSAGE_PAYLOAD").value(), lineNo,
                    "a payload struct must be MESSAGE_PAYLOAD bytes");
        }
    }

    private long evaluate(String expr, int lineNo) {
        long value = 0;
        char op = '+';
        for (String term : expr.replace("+", " + ").replace("|", " | ").strip().split("\\s+")) {
            if (term.equals("+") || term.equals("|")) {
                op = term.charAt(0);
                continue;
            }
            long v;
            if (term.matches("-?(0x[0-9a-fA-F]+|[0-9]+)")) {
                v = number(term, lineNo);
            } else {
                Const c = consts.get(term);
                need(c != null, lineNo, "unknown name '" + term + "' (names must be defined before use)");
                v = c.value();
            }
            value = op == '+' ? value + v : value | v;
        }
        need(value >= Integer.MIN_VALUE && value <= 0xFFFFFFFFL, lineNo, "value does not fit 32 bits");
        return value;
    }

    private long number(String s, int lineNo) {
        try {
            boolean negative = s.startsWith("-");
            String digits = negative ? s.substring(1) : s;
            long v = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw error(lineNo, "not a number: " + s);
        }
    }

    private void need(boolean ok, int lineNo, String message) {
        if (!ok) {
            throw error(lineNo, message);
        }
    }

    private IllegalArgumentException error(int lineNo, String message) {
        return new IllegalArgumentException(file + ":" + lineNo + ": " + message);
    }

    // ---- the C header -------------------------------------------------------------------

    private String c() {
        StringBuilder b = new StringBuilder();
        b.append("/* minix/abi.h -- GENERATED from abi/minix.abi by abi/AbiGen.java. Do not edit. */\n");
        b.append("#ifndef _MINIX_ABI_H\n#define _MINIX_ABI_H\n\n#include <stddef.h>\n#include <stdint.h>\n");
        for (Item item : items) {
            if (item.section() != null) {
                b.append("\n/* ").append(item.section()).append(" */\n");
            } else if (item.constant() != null) {
                Const c = item.constant();
                b.append("#define ").append(c.name()).append(' ').append(cValue(c.value())).append('\n');
            } else {
                cStruct(b, item.struct());
                if (item.struct().name().equals("mess_9")) {
                    cMessage(b);
                }
            }
        }
        b.append("\n#endif /* _MINIX_ABI_H */\n");
        return b.toString();
    }

    private static String cValue(long v) {
        if (v < 0) {
            return "(" + v + ")";
        }
        return v > 9 ? "0x" + Long.toHexString(v).toUpperCase(Locale.ROOT) : Long.toString(v);
    }

    private void cStruct(StringBuilder b, Struct s) {
        String prefix = memberPrefix(s);
        b.append("typedef struct {\n");
        int at = 0;
        int pad = 0;
        for (Field f : s.fields()) {
            if (f.offset() > at) {
                b.append("\tuint8_t _pad").append(pad++).append('[').append(f.offset() - at).append("];\n");
            }
            b.append('\t').append(cType(f.type())).append(' ').append(prefix).append(f.name());
            if (f.count() > 1 || f.type().equals("char")) {
                b.append('[').append(f.count()).append(']');
            }
            b.append(";\n");
            at = f.offset() + f.size();
        }
        if (s.size() > at) {
            b.append("\tuint8_t _pad").append(pad).append('[').append(s.size() - at).append("];\n");
        }
        b.append("} ").append(s.name()).append(";\n");
        b.append("_Static_assert(sizeof(").append(s.name()).append(") == ").append(s.size())
                .append(", \"").append(s.name()).append(" size\");\n");
        for (Field f : s.fields()) {
            b.append("_Static_assert(offsetof(").append(s.name()).append(", ").append(prefix).append(f.name())
                    .append(") == ").append(f.offset()).append(", \"").append(s.name()).append('.')
                    .append(f.name()).append("\");\n");
        }
        if (!s.payload()) {
            b.append("#define ").append(s.name().toUpperCase(Locale.ROOT)).append("_SIZE ").append(s.size())
                    .append('\n');
        }
    }

    /** Payload members are prefixed (m1i1) so that the m1_i1 accessor macros cannot collide. */
    private static String memberPrefix(Struct s) {
        return s.payload() ? "m" + s.name().substring("mess_".length()) : "";
    }

    private static String cType(String type) {
        return switch (type) {
            case "i8" -> "int8_t";
            case "u8" -> "uint8_t";
            case "char" -> "char";
            case "i16" -> "int16_t";
            case "u16" -> "uint16_t";
            case "i32" -> "int32_t";
            case "u32" -> "uint32_t";
            case "ptr" -> "void *";
            case "message" -> "struct message";
            default -> throw new IllegalStateException(type);
        };
    }

    /** The message type, after the payload layouts, and the MINIX-style mN_xx accessors. */
    private void cMessage(StringBuilder b) {
        b.append("\n/* The message: the kernel writes m_source; m_type is the request or the reply code. */\n");
        b.append("typedef struct message {\n\tint32_t m_source;\n\tint32_t m_type;\n\tunion {\n");
        for (Struct s : structs) {
            if (s.payload()) {
                b.append("\t\t").append(s.name()).append(" m_").append(memberPrefix(s)).append(";\n");
            }
        }
        b.append("\t\tuint8_t m_raw[MESSAGE_PAYLOAD];\n\t} m_u;\n} message;\n");
        b.append("_Static_assert(sizeof(message) == MESSAGE_SIZE, \"message size\");\n");
        b.append("_Static_assert(offsetof(message, m_u) == MESSAGE_HEADER, \"message header\");\n");
        for (Struct s : structs) {
            if (s.payload()) {
                String p = memberPrefix(s);
                for (Field f : s.fields()) {
                    b.append("#define ").append(p).append('_').append(f.name()).append(" m_u.m_").append(p)
                            .append('.').append(p).append(f.name()).append('\n');
                }
            }
        }
    }

    // ---- the Java class -----------------------------------------------------------------

    private String java() {
        StringBuilder b = new StringBuilder();
        b.append("package org.minixemu.kernel.abi;\n\n");
        b.append("import java.util.Collections;\nimport java.util.LinkedHashMap;\nimport java.util.Map;\n\n");
        b.append("/**\n * The guest ABI's numbers, GENERATED from abi/minix.abi by abi/AbiGen.java: edit that file,\n");
        b.append(" * never this one. Struct offsets are from the start of the struct; for message payload\n");
        b.append(" * layouts ({@code M1_I1} and the like) from the start of the message.\n */\n");
        b.append("public final class Abi {\n    private Abi() {\n    }\n");
        for (Item item : items) {
            if (item.section() != null) {
                b.append("\n    // ---- ").append(item.section()).append('\n');
            } else if (item.constant() != null) {
                Const c = item.constant();
                b.append("\n    /** {@code ").append(c.expression().replace("*/", "* /")).append("}. */\n");
                b.append("    public static final int ").append(c.name()).append(" = ").append(javaValue(c.value()))
                        .append(";\n");
            } else {
                javaStruct(b, item.struct());
            }
        }
        for (Map.Entry<String, List<Const>> g : groups.entrySet()) {
            String name = g.getKey().toUpperCase(Locale.ROOT);
            b.append("\n    /** The ").append(g.getKey()).append(" group, name to value, in file order. */\n");
            b.append("    public static final Map<String, Integer> ").append(name).append(" = ")
                    .append("Collections.unmodifiableMap(new LinkedHashMap<>() {\n        {\n");
            for (Const c : g.getValue()) {
                b.append("            put(\"").append(c.name()).append("\", ").append(c.name()).append(");\n");
            }
            b.append("        }\n    });\n");
        }
        b.append("\n    /** The name of {@code value} in {@code group}, or the number itself if it has none. */\n");
        b.append("    public static String nameOf(Map<String, Integer> group, int value) {\n");
        b.append("        for (Map.Entry<String, Integer> e : group.entrySet()) {\n");
        b.append("            if (e.getValue() == value) {\n                return e.getKey();\n            }\n");
        b.append("        }\n        return Integer.toString(value);\n    }\n}\n");
        return b.toString();
    }

    private static String javaValue(long v) {
        if (v < 0) {
            return Long.toString(v);
        }
        if (v > Integer.MAX_VALUE) {
            return "0x" + Long.toHexString(v).toUpperCase(Locale.ROOT);
        }
        return v > 9 ? "0x" + Long.toHexString(v).toUpperCase(Locale.ROOT) : Long.toString(v);
    }

    private void javaStruct(StringBuilder b, Struct s) {
        String prefix = s.payload() ? "M" + s.name().substring("mess_".length())
                : s.name().toUpperCase(Locale.ROOT);
        int base = s.payload() ? (int) consts.get("MESSAGE_HEADER").value() : 0;
        b.append("\n    // struct ").append(s.name()).append(" (").append(s.size()).append(" bytes)\n");
        if (!s.payload()) {
            b.append("    public static final int ").append(prefix).append("_SIZE = ").append(s.size()).append(";\n");
        }
        for (Field f : s.fields()) {
            b.append("    public static final int ").append(prefix).append('_')
                    .append(f.name().toUpperCase(Locale.ROOT)).append(" = ").append(base + f.offset()).append(";\n");
        }
    }
}
