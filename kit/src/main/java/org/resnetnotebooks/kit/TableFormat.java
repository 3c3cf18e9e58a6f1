package org.resnetnotebooks.kit;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Numbers in a printed table with a readable number of digits.
 *
 * <p>Why: Tablesaw prints a double with every digit it has (0.24182754468917847), which hides the
 * two that matter. A pattern such as {@code "0.00"} or {@code "0.0E0"} (Java's
 * {@link DecimalFormat}) fixes the digits; the decimal point is always a point, whatever the
 * machine's language, so a table reads the same on every learner's laptop and in the tests.
 */
public final class TableFormat {

    private TableFormat() {}

    /**
     * A new, empty number column that prints with the given pattern.
     *
     * @param name the column's header
     * @param pattern e.g. {@code "0.000"}, {@code "0.0E0"}, {@code "#,##0"}
     * @return the column
     */
    public static DoubleColumn column(String name, String pattern) {
        DoubleColumn c = DoubleColumn.create(name);
        c.setPrintFormatter(formatter(pattern));
        return c;
    }

    /**
     * Sets the print pattern of some number columns of a table.
     *
     * @param table the table
     * @param pattern e.g. {@code "0.00"}
     * @param columns the headers of number columns in it
     * @return the same table, for chaining into {@code printAll()}
     * @throws IllegalArgumentException naming a header that is not a number column of the table
     */
    public static Table digits(Table table, String pattern, String... columns) {
        for (String name : columns) {
            if (!table.containsColumn(name) || !(table.column(name) instanceof DoubleColumn)) {
                throw new IllegalArgumentException("The table " + table.name() + " has no number column \"" + name
                        + "\"; its columns: " + table.columnNames());
            }
            table.doubleColumn(name).setPrintFormatter(formatter(pattern));
        }
        return table;
    }

    private static NumberColumnFormatter formatter(String pattern) {
        return new NumberColumnFormatter(new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)));
    }
}
