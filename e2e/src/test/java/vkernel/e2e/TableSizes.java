package vkernel.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;

/** The kernel's table gauges (vkernel_table_size in each layer's /q/metrics), as an operator reads them. */
final class TableSizes {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern GAUGE = Pattern.compile("^vkernel_table_size\\{([^}]*)\\} ([0-9.E]+)$", Pattern.MULTILINE);

    private TableSizes() {}

    /** One table's size. */
    static double of(Kernel k, Layer layer, String table) throws Exception {
        Double v = all(k, layer).get(table);
        if (v == null) {
            throw new AssertionError("no vkernel_table_size for " + table + " in " + layer);
        }
        return v;
    }

    /** Every table of every service layer, "layer/table" → size. */
    static Map<String, Double> all(Kernel k) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Layer l : List.of(Layer.VFS, Layer.SOCKET, Layer.INET, Layer.NETLINK)) {
            all(k, l).forEach((t, v) -> out.put(l.label() + "/" + t, v));
        }
        return out;
    }

    private static Map<String, Double> all(Kernel k, Layer layer) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + layer.httpPort(k.basePort())
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = GAUGE.matcher(body);
        Pattern name = Pattern.compile("table=\"([^\"]*)\"");
        while (m.find()) {
            Matcher n = name.matcher(m.group(1));
            if (n.find()) {
                out.put(n.group(1), Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }
}
