package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {

    @TempDir Path dir;

    private static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void staticApiWritesToTheFileNamedByTheEnvironment() throws IOException {
        // surefire sets RESNET_RESULTS_FILE (see pom.xml)
        String name = System.getenv(Results.ENV);
        assertTrue(name != null && !name.isBlank(), "surefire should set " + Results.ENV);
        Path file = Paths.get(name);
        Files.deleteIfExists(file);
        assertTrue(Results.isEnabled());
        Results.record("test_accuracy", 0.875);
        Results.record("engine", "MXNet");
        Results.keyFigure("ResNet-20 reaches 87.5 % test accuracy");
        JsonObject json = read(file);
        assertEquals(0.875, json.get("test_accuracy").getAsDouble());
        assertEquals("MXNet", json.get("engine").getAsString());
        assertEquals(
                "ResNet-20 reaches 87.5 % test accuracy", json.get(Results.KEY_FIGURE).getAsString());
    }

    @Test
    void unsetVariableWritesNothing() throws IOException {
        Results results = Results.forEnvironment(Map.of());
        results.put("x", new JsonPrimitive(1));
        Results.forEnvironment(Map.of(Results.ENV, "  ")).put("x", new JsonPrimitive(1));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void recordsMergeIntoTheExistingObjectAndLaterValuesWin() throws IOException {
        Path file = dir.resolve("sub/results.json");
        Results r = Results.forEnvironment(Map.of(Results.ENV, file.toString()));
        r.put("a", new JsonPrimitive(1.5));
        r.put("b", new JsonPrimitive("two"));
        r.put("a", new JsonPrimitive(3.0));
        // another writer (e.g. another notebook) added a key meanwhile: it must survive
        JsonObject outside = read(file);
        outside.addProperty("c", true);
        Files.writeString(file, outside.toString(), StandardCharsets.UTF_8);
        Results.forEnvironment(Map.of(Results.ENV, file.toString())).put("d", new JsonPrimitive(4));
        JsonObject json = read(file);
        assertEquals(3.0, json.get("a").getAsDouble());
        assertEquals("two", json.get("b").getAsString());
        assertTrue(json.get("c").getAsBoolean());
        assertEquals(4, json.get("d").getAsInt());
        assertEquals(4, json.size());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "the temporary file must be moved, not left behind");
        }
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNaNForPython() throws IOException {
        Path file = dir.resolve("r.json");
        Results.forEnvironment(Map.of(Results.ENV, file.toString()))
                .put("loss", new JsonPrimitive(Double.NaN));
        assertTrue(Files.readString(file).contains("\"loss\": NaN"), Files.readString(file));
    }

    @Test
    void corruptFileIsReportedNotOverwritten() throws IOException {
        Path file = dir.resolve("r.json");
        Files.writeString(file, "{not json");
        Results r = Results.forEnvironment(Map.of(Results.ENV, file.toString()));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> r.put("a", new JsonPrimitive(1)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("{not json", Files.readString(file));
    }

    @Test
    void blankKeyIsRejected() {
        Results r = Results.forEnvironment(Map.of(Results.ENV, dir.resolve("r.json").toString()));
        assertThrows(IllegalArgumentException.class, () -> r.put(" ", new JsonPrimitive(1)));
        assertFalse(Files.exists(dir.resolve("r.json")));
    }

    @Test
    void aBatchWritesEverythingInOneGoAndSaysWhere() throws IOException {
        Path file = dir.resolve("batch.json");
        Files.writeString(file, "{\"exercise:01.1\": \"right\"}", StandardCharsets.UTF_8);
        Results.Batch batch = new Results.Batch(Results.forEnvironment(Map.of(Results.ENV, file.toString())))
                .put("a", 1.5)
                .putEach(java.util.List.of(2, 4), d -> "mse_L" + d, d -> d * 10.0)
                .keyFigure("one sentence");
        assertEquals(4, batch.size());
        assertFalse(Files.readString(file).contains("mse_L2"), "nothing is written before save()");
        assertEquals("4 results written to batch.json.", batch.save());
        JsonObject written = read(file);
        assertEquals("right", written.get("exercise:01.1").getAsString());    // earlier results are kept
        assertEquals(40.0, written.get("mse_L4").getAsDouble());
        assertEquals("one sentence", written.get(Results.KEY_FIGURE).getAsString());
    }

    @Test
    void aBatchWithoutAFileWritesNothingAndSaysWhy() {
        Results.Batch batch = new Results.Batch(Results.forEnvironment(Map.of())).put("a", 1);
        assertEquals("1 results measured; none written (RESNET_RESULTS_FILE is not set: only the tests and bin/series set it).",
                batch.save());
    }

    @Test
    void aKeyAddedTwiceToOneBatchIsAMistake() {
        Results.Batch batch = new Results.Batch(Results.forEnvironment(Map.of())).put("a", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batch.put("a", 2));
        assertTrue(e.getMessage().contains("a was added twice"), e.getMessage());
    }
}
