package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableFormatTest {

    @Test
    void aColumnPrintsWithItsPatternAndAPointInEveryLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);   // a comma as the decimal separator
        try {
            DoubleColumn c = TableFormat.column("error", "0.000");
            c.append(0.24182754468917847);
            String printed = Table.create("t", c).printAll();
            assertTrue(printed.contains("0.242"), printed);
            assertFalse(printed.contains("0.2418"), printed);
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void digitsSetsThePatternOfExistingColumns() {
        Table t = Table.create("t", DoubleColumn.create("a", 1234.5678), DoubleColumn.create("b", 0.000123));
        String printed = TableFormat.digits(TableFormat.digits(t, "0.0", "a"), "0.0E0", "b").printAll();
        assertTrue(printed.contains("1234.6"), printed);
        assertTrue(printed.contains("1.2E-4"), printed);
    }

    @Test
    void aWrongHeaderIsNamedWithTheColumnsThereAre() {
        Table t = Table.create("runs", DoubleColumn.create("a", 1.0), StringColumn.create("net", "plain"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableFormat.digits(t, "0.0", "net"));
        assertTrue(e.getMessage().contains("\"net\"") && e.getMessage().contains("[a, net]"), e.getMessage());
        assertEquals(IllegalArgumentException.class,
                assertThrows(IllegalArgumentException.class, () -> TableFormat.digits(t, "0.0", "missing")).getClass());
    }
}
