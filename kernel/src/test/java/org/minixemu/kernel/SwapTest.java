package org.minixemu.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * SYS_UPDATE's exchange (issue 13): every field of the program's state moves to the other slot
 * and every field of the slot's state stays. The lists below are the contract: a field added to
 * {@link Process} must be named here as the slot's, or it belongs in {@link ProgramState}.
 */
class SwapTest {
    /** What stays with a slot (minix3-facts.md section 8): identity, scheduling, IPC aimed at it. */
    private static final Set<String> SLOT_FIELDS = Set.of("slot", "endpoint", "generation", "priv", "priority",
            "quantumNanos", "quantumLeftNanos", "nextReady", "queued", "userTicks", "systemTicks", "scheduler",
            "callerQueue", "nextCaller", "pendingNotifications", "asyncPending", "program");

    @Test
    void processHoldsOnlyTheSlotsStateAndOneProgramState() {
        Set<String> fields = new TreeSet<>();
        for (Field f : Process.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.add(f.getName());
            }
        }
        assertEquals(new TreeSet<>(SLOT_FIELDS), fields,
                "a new Process field is either the slot's (add it to SLOT_FIELDS) or the program's (ProgramState)");
    }

    @Test
    void everyFieldOfTheProgramMovesAndEveryFieldOfTheSlotStays() throws Exception {
        Process a = filled(3, 1000);
        Process b = filled(4, 2000);
        a.priv = new Privilege(10);
        b.priv = new Privilege(11);
        a.priv.ipcTo = 0b0101;
        b.priv.ipcTo = 0b1000;
        ProgramState programOfA = a.program;
        ProgramState programOfB = b.program;
        Object[] slotOfA = slotValues(a);
        Object[] slotOfB = slotValues(b);

        Swap.exchange(a, b);

        assertSame(programOfB, a.program, "a's slot runs b's program");
        assertSame(programOfA, b.program, "b's slot runs a's program");
        for (Field f : ProgramState.class.getDeclaredFields()) {
            f.setAccessible(true);
            assertEquals(valueOf(f.get(programOfA)), valueOf(f.get(b.program)), "program field " + f.getName() + " moved");
        }
        assertArrayEquals(slotOfA, slotValues(a), "a's slot fields stayed");
        assertArrayEquals(slotOfB, slotValues(b), "b's slot fields stayed");
        assertEquals(10, a.priv.id, "privilege ids stay with the slots");
        assertEquals(11, b.priv.id);
        assertEquals(0b1101, a.priv.ipcTo, "the program now at a's endpoint can reach all a's targets");
    }

    /** A process whose every int/long/boolean/String field has a distinct value from {@code base}. */
    private static Process filled(int slot, int base) throws Exception {
        Process p = new Process(slot);
        int n = base;
        for (Object target : new Object[] {p, p.program}) {
            for (Field f : target.getClass().getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Class<?> t = f.getType();
                if (t == int.class) {
                    f.setInt(target, n++);
                } else if (t == long.class) {
                    f.setLong(target, n++);
                } else if (t == boolean.class) {
                    f.setBoolean(target, (n++ & 1) == 0);
                } else if (t == String.class) {
                    f.set(target, "label" + n++);
                }
            }
        }
        p.program.registers[0] = base;
        p.program.consoleLine.append("text of ").append(base);
        return p;
    }

    private static Object[] slotValues(Process p) throws Exception {
        return SLOT_FIELDS.stream().sorted().map(name -> {
            try {
                Field f = Process.class.getDeclaredField(name);
                f.setAccessible(true);
                return name.equals("program") || name.equals("priv") ? null : valueOf(f.get(p));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }).toArray();
    }

    /** Arrays and builders compared by content. */
    private static Object valueOf(Object v) {
        if (v instanceof int[] ints) {
            return Arrays.toString(ints);
        }
        if (v instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        }
        if (v instanceof StringBuilder sb) {
            return sb.toString();
        }
        return v;
    }
}
