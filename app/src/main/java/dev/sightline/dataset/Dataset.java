package dev.sightline.dataset;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A table: named columns and rows of values (numbers, text, ISO dates). The numbers behind every chart. */
public record Dataset(List<String> columns, List<List<Object>> rows) {

    public Dataset {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> (List<Object>) new ArrayList<>(r)).toList();
    }

    public static Dataset of(List<String> columns) {
        return new Dataset(columns, List.of());
    }

    public Dataset with(List<Object> row) {
        List<List<Object>> more = new ArrayList<>(rows);
        more.add(row);
        return new Dataset(columns, more);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public List<Object> column(int index) {
        return rows.stream().map(r -> r.get(index)).toList();
    }

    public String toCsv() {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).get())) {
            for (List<Object> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
