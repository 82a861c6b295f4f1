package org.minixemu.cli.debug;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code --trace-filter} keeps: event categories ({@code run} slices, {@code ipc} messages,
 * {@code kcall} kernel calls, {@code irq} interrupts) and, if any labels are named, only the
 * events of those processes (a message when either end is one of them). Words are separated by
 * commas; a word that is not a category is a label. Empty: everything.
 */
public record TraceFilter(Set<Category> categories, Set<String> labels) {
    /** The kinds of trace event. */
    public enum Category {
        RUN, IPC, KCALL, IRQ
    }

    /** Everything. */
    public static final TraceFilter ALL = new TraceFilter(EnumSet.allOf(Category.class), Set.of());

    public TraceFilter {
        categories = Set.copyOf(categories);
        labels = Set.copyOf(labels);
    }

    /** Parses {@code run,ipc,ping,pong}; null or blank is {@link #ALL}. */
    public static TraceFilter parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return ALL;
        }
        EnumSet<Category> categories = EnumSet.noneOf(Category.class);
        Set<String> labels = new LinkedHashSet<>();
        for (String word : spec.split(",")) {
            String w = word.trim();
            if (w.isEmpty()) {
                continue;
            }
            try {
                categories.add(Category.valueOf(w.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException notACategory) {
                labels.add(w);
            }
        }
        return new TraceFilter(categories.isEmpty() ? EnumSet.allOf(Category.class) : categories, labels);
    }

    boolean keeps(Category c) {
        return categories.contains(c);
    }

    boolean keeps(String label) {
        return labels.isEmpty() || labels.contains(label);
    }
}
