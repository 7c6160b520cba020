package dev.sightline.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sightline.dataset.Dataset;

/**
 * A chart: its kind and an ECharts option built on the server, so the browser only draws it.
 * Kinds follow intent and shape: a single number → {@code metric}; a trend → {@code line};
 * a comparison or top-N → {@code bar}; a composition of a few parts → {@code donut}; a
 * breakdown over time → {@code stacked-bar}; anything else → {@code table}.
 */
public record ChartSpec(String kind, String title, Map<String, Object> option, Map<String, Object> metric) {

    private static final List<String> PALETTE = List.of("#4f46e5", "#0ea5e9", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#64748b");

    public static ChartSpec metric(String title, Number value, String unit, Number previous, String comparison) {
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("value", value);
        metric.put("unit", unit);
        metric.put("previous", previous);
        metric.put("comparison", comparison);
        return new ChartSpec("metric", title, Map.of(), metric);
    }

    /** One line per numeric column after the first (the x axis). */
    public static ChartSpec line(String title, Dataset data) {
        return axisChart("line", title, data, false);
    }

    /** Bars for the first numeric column, categories from the first column; horizontal for long labels. */
    public static ChartSpec bar(String title, Dataset data) {
        List<Object> categories = data.column(0);
        boolean horizontal = categories.stream().anyMatch(c -> String.valueOf(c).length() > 12);
        Map<String, Object> option = base(title);
        List<Object> reversed = new ArrayList<>(categories);
        List<Object> values = new ArrayList<>(data.column(1));
        if (horizontal) {
            java.util.Collections.reverse(reversed);
            java.util.Collections.reverse(values);
            option.put("grid", Map.of("left", 8, "right", 24, "top", 16, "bottom", 8, "containLabel", true));
            // On a phone the value axis has room for few labels: the ones that would overlap are left out.
            option.put("xAxis", Map.of("type", "value", "axisLabel", Map.of("hideOverlap", true)));
            option.put("yAxis", Map.of("type", "category", "data", reversed, "axisLabel", Map.of("width", 220, "overflow", "truncate")));
        } else {
            option.put("xAxis", Map.of("type", "category", "data", categories));
            option.put("yAxis", Map.of("type", "value"));
        }
        option.put("series", List.of(Map.of("type", "bar", "name", data.columns().get(1), "data", values, "barMaxWidth", 36,
                "itemStyle", Map.of("color", PALETTE.get(0), "borderRadius", horizontal ? List.of(0, 4, 4, 0) : List.of(4, 4, 0, 0)))));
        return new ChartSpec("bar", title, option, null);
    }

    public static ChartSpec donut(String title, Dataset data) {
        Map<String, Object> option = base(title);
        List<Object> parts = new ArrayList<>();
        for (List<Object> row : data.rows()) {
            parts.add(Map.of("name", String.valueOf(row.get(0)), "value", row.get(1)));
        }
        option.put("tooltip", Map.of("trigger", "item"));
        option.put("legend", Map.of("bottom", 0));
        option.put("series", List.of(Map.of("type", "pie", "radius", List.of("45%", "72%"), "data", parts,
                "label", Map.of("formatter", "{b}: {d}%"))));
        return new ChartSpec("donut", title, option, null);
    }

    public static ChartSpec stackedBars(String title, Dataset data) {
        return axisChart("stacked-bar", title, data, true);
    }

    /**
     * Two measures over the same days, each on its own value axis (the first column after the x
     * axis on the left, the second on the right), so a rate and a count can share a chart; the
     * days in {@code marks} get a labelled vertical line ("spike", "drop").
     */
    public static ChartSpec twoAxes(String title, Dataset data, Map<Object, String> marks) {
        Map<String, Object> option = base(title);
        // The legend sits below the chart: above it, it would cover the two axes' names. A marked
        // moment's label goes a line above those names (near either edge, a narrow chart put it on them).
        option.put("grid", Map.of("left", 8, "right", 8, "top", marks.isEmpty() ? 32 : 60, "bottom", 32, "containLabel", true));
        option.put("xAxis", Map.of("type", "category", "data", data.column(0), "axisLabel", Map.of("hideOverlap", true)));
        option.put("yAxis", List.of(
                Map.of("type", "value", "name", data.columns().get(1), "nameTextStyle", Map.of("align", "left"), "splitLine", Map.of("show", true)),
                Map.of("type", "value", "name", data.columns().get(2), "nameTextStyle", Map.of("align", "right"), "splitLine", Map.of("show", false))));
        List<Object> lines = new ArrayList<>();
        marks.forEach((x, label) -> lines.add(Map.of("xAxis", x, "label", Map.of("formatter", label, "position", "end", "distance", 30))));
        List<Object> series = new ArrayList<>();
        for (int c = 1; c <= 2; c++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", data.columns().get(c));
            s.put("type", c == 1 ? "line" : "bar");
            s.put("yAxisIndex", c - 1);
            s.put("data", data.column(c));
            s.put("itemStyle", Map.of("color", PALETTE.get(c == 1 ? 4 : 0)));
            if (c == 1) {
                s.put("showSymbol", data.rows().size() <= 31);
                s.put("z", 3);
                if (!lines.isEmpty()) {
                    s.put("markLine", Map.of("symbol", "none", "lineStyle", Map.of("type", "dashed", "color", "#64748b"), "data", lines));
                }
            } else {
                s.put("barMaxWidth", 18);
                s.put("itemStyle", Map.of("color", PALETTE.get(0), "opacity", 0.55));
            }
            series.add(s);
        }
        option.put("legend", Map.of("bottom", 0));
        option.put("series", series);
        return new ChartSpec("two-axes", title, option, null);
    }

    public static ChartSpec table(String title) {
        return new ChartSpec("table", title, Map.of(), null);
    }

    private static ChartSpec axisChart(String kind, String title, Dataset data, boolean stacked) {
        Map<String, Object> option = base(title);
        option.put("xAxis", Map.of("type", "category", "data", data.column(0), "boundaryGap", stacked, "axisLabel", Map.of("hideOverlap", true)));
        if (!stacked) {
            // A line's last point sits on the edge: room for its label ("2026-11-30") so it is not cut off.
            option.put("grid", Map.of("left", 8, "right", 40, "top", 32, "bottom", 8, "containLabel", true));
        }
        option.put("yAxis", Map.of("type", "value"));
        List<Object> series = new ArrayList<>();
        for (int c = 1; c < data.columns().size(); c++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", data.columns().get(c));
            s.put("type", stacked ? "bar" : "line");
            s.put("data", data.column(c));
            s.put("itemStyle", Map.of("color", PALETTE.get((c - 1) % PALETTE.size())));
            if (stacked) {
                s.put("stack", "total");
            } else {
                s.put("smooth", true);
                // Smoothed, but never above or below the points it joins: a count between two days is not invented.
                s.put("smoothMonotone", "x");
                s.put("showSymbol", data.rows().size() <= 31);
            }
            series.add(s);
        }
        if (series.size() > 1) {
            option.put("legend", Map.of("top", 0));
        }
        option.put("series", series);
        return new ChartSpec(kind, title, option, null);
    }

    private static Map<String, Object> base(String title) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("tooltip", Map.of("trigger", "axis"));
        option.put("grid", Map.of("left", 8, "right", 16, "top", 32, "bottom", 8, "containLabel", true));
        option.put("toolbox", Map.of("feature", Map.of("saveAsImage", Map.of("title", "PNG"))));
        option.put("aria", Map.of("enabled", true));
        // Every dashboard open or refresh draws the charts anew: a short entrance keeps that snappy.
        option.put("animationDuration", 300);
        return option;
    }
}
