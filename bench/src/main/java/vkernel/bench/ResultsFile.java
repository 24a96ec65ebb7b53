package vkernel.bench;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A results file read back (vk bench --report-from): the maps and lists a run builds. A
 * whole number comes back as a Long (a count, a port), any other as a Double, so the
 * report prints "16 threads", not "16.0 threads".
 */
final class ResultsFile {
    private ResultsFile() {}

    static Map<String, Object> read(Path file) throws IOException {
        Struct.Builder b = Struct.newBuilder();
        JsonFormat.parser().merge(Files.readString(file), b);
        return map(b.build());
    }

    private static Map<String, Object> map(Struct s) {
        Map<String, Object> m = new LinkedHashMap<>();
        s.getFieldsMap().forEach((k, v) -> m.put(k, value(v)));
        return m;
    }

    private static Object value(Value v) {
        return switch (v.getKindCase()) {
            case STRUCT_VALUE -> map(v.getStructValue());
            case LIST_VALUE -> list(v.getListValue());
            case NUMBER_VALUE -> number(v.getNumberValue());
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            default -> null;
        };
    }

    private static Object number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }

    private static List<Object> list(ListValue l) {
        List<Object> out = new ArrayList<>();
        l.getValuesList().forEach(v -> out.add(value(v)));
        return out;
    }
}
