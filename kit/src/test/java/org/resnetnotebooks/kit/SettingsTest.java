package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** Every RESNET_* setting: its default, the values it accepts, and the message for one it refuses. */
class SettingsTest {

    private static final Map<String, String> UNSET = Map.of();

    @Test
    void unsetOrBlankMeansTheDefault() {
        for (Map<String, String> env : java.util.List.of(UNSET, blanks())) {
            assertFalse(Settings.fastMode(env));
            assertEquals(OptionalLong.empty(), Settings.seed(env));
            assertEquals(15, Settings.epochs(env, 15));
            assertEquals("train", Settings.plan(env));
            assertEquals("fast", Settings.recipe(env));
            assertEquals("fashion-mnist", Settings.dataset(env));
            assertEquals(Optional.empty(), Settings.path(env, Settings.DATA_DIR));
            assertEquals(Optional.empty(), Settings.path(env, Settings.CIFAR10_DIR));
            assertEquals(Optional.empty(), Settings.path(env, Settings.MODELS_DIR));
            assertEquals(Path.of("../build/checkpoints"), Settings.path(env, Settings.CHECKPOINT_DIR).orElse(Path.of("../build/checkpoints")));
            assertEquals(Optional.empty(), Settings.path(env, Settings.RESULTS_FILE));
            assertEquals(Optional.empty(), Settings.path(env, Settings.STOP_FILE));
            assertEquals(Optional.empty(), Settings.given(env, Settings.SESSION_LIMITS));
            assertEquals(Optional.empty(), Settings.given(env, Settings.KERNEL));
        }
    }

    private static Map<String, String> blanks() {
        Map<String, String> env = new java.util.HashMap<>();
        Settings.ALL.forEach(name -> env.put(name, "  "));
        return env;
    }

    @Test
    void goodValuesAreReadStrippedAndInTheirCanonicalForm() {
        assertTrue(Settings.fastMode(Map.of(Settings.MODE, " Fast ")));
        assertFalse(Settings.fastMode(Map.of(Settings.MODE, "default")));
        assertFalse(Settings.fastMode(Map.of(Settings.MODE, "FULL")));
        assertEquals(OptionalLong.of(-3), Settings.seed(Map.of(Settings.SEED, " -3 ")));
        assertEquals(3, Settings.epochs(Map.of(Settings.EPOCHS, "3"), 15));
        assertEquals(9999, Settings.epochs(Map.of(Settings.EPOCHS, "9999"), 15));
        assertEquals("shipped", Settings.plan(Map.of(Settings.PLAN, " Shipped")));
        assertEquals("paper", Settings.recipe(Map.of(Settings.RECIPE, "Paper ")));
        assertEquals("cifar10", Settings.dataset(Map.of(Settings.DATASET, "CIFAR-10")));
        assertEquals("fashion-mnist", Settings.dataset(Map.of(Settings.DATASET, "Fashion_MNIST")));
        assertEquals(Optional.of(Path.of("/data/fm")), Settings.path(Map.of(Settings.DATA_DIR, " /data/fm "), Settings.DATA_DIR));
        assertEquals(Optional.of(Path.of("c10")), Settings.path(Map.of(Settings.CIFAR10_DIR, "c10"), Settings.CIFAR10_DIR));
        assertEquals(Optional.of(Path.of("m")), Settings.path(Map.of(Settings.MODELS_DIR, "m"), Settings.MODELS_DIR));
        assertEquals(Path.of("/tmp/ck"), Settings.path(Map.of(Settings.CHECKPOINT_DIR, "/tmp/ck"), Settings.CHECKPOINT_DIR).orElseThrow());
        assertEquals(Optional.of(Path.of("r.json")), Settings.path(Map.of(Settings.RESULTS_FILE, "r.json"), Settings.RESULTS_FILE));
        assertEquals(Optional.of(Path.of("/tmp/stop")), Settings.path(Map.of(Settings.STOP_FILE, "/tmp/stop"), Settings.STOP_FILE));
        assertEquals(Optional.of("2.0 GiB, 1 CPU"),
                Settings.given(Map.of(Settings.SESSION_LIMITS, "2.0 GiB, 1 CPU"), Settings.SESSION_LIMITS));
        assertEquals(Optional.of("JJava"), Settings.given(Map.of(Settings.KERNEL, " JJava "), Settings.KERNEL));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RESNET_MODE    | quick         | fast, full or default",
        "RESNET_SEED    | 4.2           | a whole number",
        "RESNET_SEED    | 12345678901234567890 | a whole number",
        "RESNET_EPOCHS  | abc           | a whole number of epochs from 1 to 9999 (unset: 15)",
        "RESNET_EPOCHS  | 0             | a whole number of epochs from 1 to 9999",
        "RESNET_EPOCHS  | 10000         | a whole number of epochs from 1 to 9999",
        "RESNET_EPOCHS  | -2            | a whole number of epochs from 1 to 9999",
        "RESNET_PLAN    | Shipped model | train or shipped (unset means train)",
        "RESNET_RECIPE  | one-cycle     | fast or paper (unset means fast)",
        "RESNET_DATASET | imagenet      | fashion-mnist or cifar10 (unset means fashion-mnist)",
        "RESNET_RESULTS_FILE | a\u0000b  | a path",
    })
    void aBadValueIsRefusedNamingTheVariableTheValueAndWhatIsAccepted(String name, String value, String accepted) {
        Map<String, String> env = Map.of(name, value);
        Map<String, Consumer<Map<String, String>>> readers = Map.of(
                Settings.MODE, Settings::fastMode,
                Settings.SEED, Settings::seed,
                Settings.EPOCHS, e -> Settings.epochs(e, 15),
                Settings.PLAN, Settings::plan,
                Settings.RECIPE, Settings::recipe,
                Settings.DATASET, Settings::dataset,
                Settings.RESULTS_FILE, e -> Settings.path(e, Settings.RESULTS_FILE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> readers.get(name).accept(env));
        String m = e.getMessage();
        assertTrue(m.startsWith(name + "='" + value + "' is not accepted: use " + accepted), m);
        assertTrue(m.contains("restart the kernel"), "says what to do: " + m);
        assertTrue(m.contains("README.md 'Settings'"), m);
    }

    @Test
    void theKitsOwnClassesReadThroughSettings() {
        assertEquals(Settings.MODE, RunMode.ENV);
        assertEquals(Settings.SEED, RunMode.SEED_ENV);
        assertEquals(Settings.DATASET, DatasetChoice.ENV);
        assertEquals(Settings.DATA_DIR, FashionMnist.ENV);
        assertEquals(Settings.CIFAR10_DIR, Cifar10.ENV);
        assertEquals(Settings.MODELS_DIR, ShippedModel.ENV);
        assertEquals(Settings.RESULTS_FILE, Results.ENV);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunMode(Map.of(Settings.MODE, "fsat")));
        assertTrue(e.getMessage().startsWith("RESNET_MODE='fsat' is not accepted"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DatasetChoice.choose(Map.of(Settings.DATASET, "mnist"), Path.of(".")));
    }
}
