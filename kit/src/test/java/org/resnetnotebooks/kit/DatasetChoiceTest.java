package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RESNET_DATASET chooses Fashion-MNIST (default) or CIFAR-10, and says so; never downloads. */
class DatasetChoiceTest {

    @TempDir Path dir;

    @BeforeEach
    void fresh() {
        DataFolder.clearCaches();
    }

    @Test
    void fashionMnistIsTheDefault() {
        Path nowhere = dir.resolve("empty");
        for (Map<String, String> env : java.util.List.of(Map.<String, String>of(), Map.of(DatasetChoice.ENV, ""),
                Map.of(DatasetChoice.ENV, "  "))) {
            DatasetChoice choice = DatasetChoice.choose(env, nowhere);
            assertFalse(choice.isCifar10());
            assertEquals("fashion-mnist", choice.id());
            assertEquals("Fashion-MNIST", choice.displayName());
            assertEquals(FashionMnist.CLASS_NAMES, choice.classNames());
            assertEquals(60_000, choice.fullTrainSize());
            assertTrue(choice.reason().contains("RESNET_DATASET is not set"), choice.reason());
            String text = choice.describe();
            assertTrue(text.startsWith("Data set: Fashion-MNIST"), text);
            assertTrue(text.contains("RESNET_DATASET=cifar10"), "says how to switch: " + text);
        }
        for (String value : new String[] {"fashion-mnist", "Fashion-MNIST", "fashion_mnist"}) {
            DatasetChoice choice = DatasetChoice.choose(Map.of(DatasetChoice.ENV, value), dir);
            assertFalse(choice.isCifar10(), value);
            assertTrue(choice.reason().contains("RESNET_DATASET=" + value), choice.reason());
        }
    }

    @Test
    void cifar10IsChosenAndLoadedFromWhereCifar10LooksForIt() throws Exception {
        Path project = dir.resolve("project");
        Path cifar = Cifar10Test.writeDataset(project.resolve("data/cifar-10"), true);
        Path notebooks = Files.createDirectories(project.resolve("notebooks"));
        for (String value : new String[] {"cifar10", "CIFAR-10", " cifar-10 "}) {
            DatasetChoice choice = DatasetChoice.choose(Map.of(DatasetChoice.ENV, value), notebooks);
            assertTrue(choice.isCifar10(), value);
            assertEquals("cifar10", choice.id());
            assertEquals("CIFAR-10", choice.displayName());
            assertEquals(Cifar10.CLASS_NAMES, choice.classNames());
            assertEquals(50_000, choice.fullTrainSize());
            assertTrue(choice.reason().contains(cifar.toString()), choice.reason());
            assertTrue(choice.describe().startsWith("Data set: CIFAR-10"), choice.describe());
        }
        DatasetChoice choice = DatasetChoice.choose(Map.of(DatasetChoice.ENV, "cifar10"), notebooks);
        LabelledImages train = choice.train(30);
        assertEquals(30, train.size());
        assertEquals(3, train.channels());
        assertEquals(Cifar10Test.label(1, 5), train.label(25));
        LabelledImages test = choice.test();
        assertEquals(Cifar10Test.RECORDS, test.size());
        assertEquals(Cifar10Test.label(5, 4), test.label(4));
        // RESNET_CIFAR10_DIR points elsewhere: that directory is used
        Path other = Cifar10Test.writeDataset(dir.resolve("elsewhere"), true);
        DatasetChoice fromEnv = DatasetChoice.choose(
                Map.of(DatasetChoice.ENV, "cifar10", Cifar10.ENV, other.toString()), notebooks);
        assertTrue(fromEnv.reason().contains(other.toString()), fromEnv.reason());
    }

    @Test
    void cifar10NotInstalledFailsEarlyWithTheInstallCommand() {
        Path nowhere = dir.resolve("no-data-here");
        DataException e = assertThrows(DataException.class,
                () -> DatasetChoice.choose(Map.of(DatasetChoice.ENV, "cifar10"), nowhere));
        String m = e.getMessage();
        assertTrue(m.startsWith("RESNET_DATASET=cifar10 asks for CIFAR-10, but it is not installed here"), m);
        assertTrue(m.contains("data/cifar-10"), "says where it looked: " + m);
        assertTrue(m.contains("python3 data/prepare_cifar10.py"), m);
        assertTrue(m.contains("--from-archive PATH"), m);
        assertTrue(m.contains("unset RESNET_DATASET"), m);
        assertFalse(m.contains(DataException.HOW_TO_FIX), "not the Fashion-MNIST fix: " + m);
        assertFalse(m.contains(Cifar10.HOW_TO_FIX), "the fix is said once: " + m);
        assertTrue(e.getCause() instanceof DataException);
        // a wrong RESNET_CIFAR10_DIR is named
        DataException wrongDir = assertThrows(DataException.class, () -> DatasetChoice.choose(
                Map.of(DatasetChoice.ENV, "cifar10", Cifar10.ENV, nowhere.toString()), dir));
        assertTrue(wrongDir.getMessage().contains(Cifar10.ENV + "=" + nowhere), wrongDir.getMessage());
    }

    @Test
    void unknownDataSetIsRejectedWithTheValidValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetChoice.choose(Map.of(DatasetChoice.ENV, "imagenet"), dir));
        assertTrue(e.getMessage().contains("'imagenet'"), e.getMessage());
        assertTrue(e.getMessage().contains("fashion-mnist or cifar10"), e.getMessage());
    }
}
