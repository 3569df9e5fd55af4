package io.raftkv.tester.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rig's own history format: JSON Lines, one op object per line, e.g.
 *
 * <pre>
 * {"index":0,"time":1203411,"process":3,"type":"invoke","f":"cas","key":"k7","value":[1,2]}
 * {"index":9,"time":5001200,"process":"nemesis","type":"info","f":"start-partition","value":{"n1":["n2"]}}
 * </pre>
 *
 * {@code type} and {@code f} are required; a missing {@code index} is the op's position, a missing
 * {@code time} is -1. Unknown fields are ignored. Blank lines are skipped.
 */
public final class JsonlHistory {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonlHistory() {}

    public static List<Op> read(String text, String file) {
        return parse(text, file).ordered().ops();
    }

    /** The ops in file order, with their lines; not yet ordered by index or time. */
    static ParsedHistory parse(String text, String file) {
        ParsedHistory parsed = new ParsedHistory(file);
        var lines = new TextLines(text);
        for (String line; (line = lines.next()) != null; ) {
            if (!line.isBlank()) {
                Op op = parseLine(line, NO_INDEX, file, lines.number());
                boolean indexed = op.index() != NO_INDEX;
                parsed.add(indexed ? op : op.withIndex(parsed.size()), lines.number(), indexed);
            }
        }
        return parsed;
    }

    private static final long NO_INDEX = Long.MIN_VALUE;

    static Op parseLine(String line, long position, String file, int lineNo) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new HistoryParseException(file, lineNo, "expected a JSON object");
            }
            long index = position;
            long time = -1;
            Long process = null;
            Op.Type type = null;
            String f = null;
            String key = null;
            Object value = null;
            String error = null;
            String node = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "index" -> index = longField(p, t, name, file, lineNo);
                    case "time" -> time = longField(p, t, name, file, lineNo);
                    case "process" -> {
                        if (t == JsonToken.VALUE_STRING && p.getText().equals("nemesis")) {
                            process = Op.NEMESIS;
                        } else {
                            process = longField(p, t, name, file, lineNo);
                        }
                    }
                    case "type" -> {
                        try {
                            type = Op.Type.ofWire(p.getText());
                        } catch (IllegalArgumentException e) {
                            throw new HistoryParseException(
                                    file, lineNo, "\"type\" must be invoke, ok, fail or info, not " + p.getText());
                        }
                    }
                    case "f" -> f = t == JsonToken.VALUE_NULL ? null : p.getText();
                    case "key" -> key = t == JsonToken.VALUE_NULL ? null : p.getText();
                    case "value" -> value = readValue(p, t);
                    case "error" -> error = t == JsonToken.VALUE_NULL ? null : p.getText();
                    case "node" -> node = t == JsonToken.VALUE_NULL ? null : p.getText();
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new HistoryParseException(file, lineNo, "unexpected text after the JSON object");
            }
            if (type == null) {
                throw new HistoryParseException(file, lineNo, "missing \"type\"");
            }
            if (f == null) {
                throw new HistoryParseException(file, lineNo, "missing \"f\"");
            }
            if (process == null) {
                throw new HistoryParseException(file, lineNo, "missing \"process\"");
            }
            return new Op(index, time, process, type, f, key, value, error, node);
        } catch (JsonProcessingException e) {
            throw new HistoryParseException(file, lineNo, "bad JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new HistoryParseException(file, lineNo, e.getMessage());
        }
    }

    private static long longField(JsonParser p, JsonToken t, String name, String file, int lineNo) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new HistoryParseException(file, lineNo, "\"" + name + "\" must be an integer, found " + p.getText());
        }
        return p.getLongValue();
    }

    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT ->
                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue()
                        : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
                    list.add(readValue(p, x));
                }
                yield list;
            }
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    map.put(k, readValue(p, p.nextToken()));
                }
                yield map;
            }
            default -> throw new JsonProcessingException("unexpected " + t, p.currentLocation()) {};
        };
    }

    /** Writes one JSON object per line, fields in the documented order. */
    public static void write(List<Op> history, Writer out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            for (Op op : history) {
                writeOp(op, g);
                g.flush();
                out.write('\n');
            }
        }
        out.flush();
    }

    /** One op as a JSON object on {@code g}, without the newline. */
    public static void writeOp(Op op, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", op.index());
        g.writeNumberField("time", op.time());
        if (op.isNemesis()) {
            g.writeStringField("process", "nemesis");
        } else {
            g.writeNumberField("process", op.process());
        }
        g.writeStringField("type", op.type().wire());
        g.writeStringField("f", op.f());
        if (op.key() != null) {
            g.writeStringField("key", op.key());
        }
        g.writeFieldName("value");
        writeValue(op.value(), g);
        if (op.error() != null) {
            g.writeStringField("error", op.error());
        }
        if (op.node() != null) {
            g.writeStringField("node", op.node());
        }
        g.writeEndObject();
    }

    static void writeValue(Object v, JsonGenerator g) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case Boolean b -> g.writeBoolean(b);
            case Double d -> g.writeNumber(d);
            case java.math.BigInteger b -> g.writeNumber(b);
            case List<?> l -> {
                g.writeStartArray();
                for (Object o : l) {
                    writeValue(o, g);
                }
                g.writeEndArray();
            }
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    writeValue(e.getValue(), g);
                }
                g.writeEndObject();
            }
            default -> g.writeString(v.toString());
        }
    }
}
