package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

import com.google.gson.Gson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedModelTest {

    private static Block smallNet() {
        return Nets.residual(1, Nets.Shortcut.A_ZERO_PAD);
    }

    /** Saves a small net's parameters with a record, as tools/ship_model.py does. */
    private static float[] writeModel(Path models, String id) throws Exception {
        Path dir = Files.createDirectories(models.resolve(id));
        float[] first;
        try (Model m = Model.newInstance("small")) {
            m.setBlock(smallNet());
            m.getBlock().initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            first = m.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            m.save(dir, "small");
        }
        Path params = dir.resolve("small-0000.params");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("description", "ResNet-8");
        record.put("dataset", "fashion-mnist");
        record.put("depth", 8);
        record.put("seed", 7);
        record.put("epochs", 2);
        record.put("engine", "test");
        record.put("testAccuracy", 0.5);
        record.put("trained", "2026-12-02");
        record.put("commit", "0123456789abcdef");
        record.put("paramsPrefix", "small");
        record.put("paramsFile", params.getFileName().toString());
        record.put("sha256", ShippedModel.sha256(params));
        record.put("bytes", Files.size(params));
        record.put("trainingMinutes", 1.5);
        record.put("machine", "test");
        record.put("command", "python3 tools/ship_model.py");
        record.put("metrics", List.of(Map.of("epoch", 1.0, "train error", 0.4, "test error", 0.45),
                Map.of("epoch", 2.0, "train error", 0.3, "test error", 0.35)));
        Files.writeString(dir.resolve("record.json"), new Gson().toJson(record));
        return first;
    }

    @Test
    void loadsCheckedParametersAndTheRunsMetrics(@TempDir Path models) throws Exception {
        float[] saved = writeModel(models, "small");
        ShippedModel shipped = ShippedModel.find(models, "small");
        assertEquals(2, shipped.record().epochs());
        try (Model fresh = Model.newInstance("fresh")) {
            fresh.setBlock(smallNet());
            fresh.getBlock().initialize(fresh.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            shipped.loadInto(fresh);
            assertArrayEquals(saved, fresh.getBlock().getParameters().get(0).getValue().getArray().toFloatArray());
        }
        MetricsLog metrics = shipped.metrics();
        assertEquals(2, metrics.size());
        assertEquals(0.35, metrics.last("test error"), 1e-12);
        assertTrue(shipped.describe().contains("test accuracy 50.00 %"), shipped.describe());
    }

    @Test
    void aMissingModelSaysHowToGetItBack(@TempDir Path models) {
        DataException e = assertThrows(DataException.class, () -> ShippedModel.find(models, "nothing-here"));
        assertTrue(e.getMessage().contains("record.json does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("python3 tools/ship_model.py"), e.getMessage());
        assertTrue(Files.isRegularFile(Path.of("..", "tools", "ship_model.py")), "the message names a file that exists");
    }

    @Test
    void damagedOrMissingParametersAreRefusedBeforeLoading(@TempDir Path models) throws Exception {
        writeModel(models, "small");
        Path params = models.resolve("small").resolve("small-0000.params");
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(params, bytes);
        DataException damaged = assertThrows(DataException.class, () -> ShippedModel.find(models, "small"));
        assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());
        assertTrue(damaged.getMessage().contains("git checkout -- data/models"), damaged.getMessage());
        Files.delete(params);
        DataException missing = assertThrows(DataException.class, () -> ShippedModel.find(models, "small"));
        assertTrue(missing.getMessage().contains("parameters are missing"), missing.getMessage());
        Files.writeString(models.resolve("small").resolve("record.json"), "{not json");
        DataException unreadable = assertThrows(DataException.class, () -> ShippedModel.find(models, "small"));
        assertTrue(unreadable.getMessage().contains("cannot be read"), unreadable.getMessage());
    }

    @Test
    void aModelOfAnotherShapeIsRefusedWithAClearMessage(@TempDir Path models) throws Exception {
        writeModel(models, "small");
        ShippedModel shipped = ShippedModel.find(models, "small");
        try (Model other = Model.newInstance("other")) {
            other.setBlock(Nets.residual(2, Nets.Shortcut.A_ZERO_PAD));
            other.getBlock().initialize(other.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            DataException e = assertThrows(DataException.class, () -> shipped.loadInto(other));
            assertTrue(e.getMessage().contains("does not fit this net"), e.getMessage());
        }
    }

    @Test
    void modelsAreFoundInDataModelsAboveTheWorkingDirectory(@TempDir Path root) throws Exception {
        Path models = Files.createDirectories(root.resolve("data").resolve("models"));
        Path notebooks = Files.createDirectories(root.resolve("notebooks"));
        assertEquals(models, ShippedModel.modelsDir(Map.of(), notebooks));
        Files.delete(models);   // none made yet: where one would go, named without this machine's path
        assertEquals(models, ShippedModel.modelsDir(Map.of(), notebooks));
        DataException e = assertThrows(DataException.class, () -> ShippedModel.find(models, "m"));
        assertTrue(e.getMessage().contains("(data/models/m/record.json does not exist)"), e.getMessage());
        assertFalse(e.getMessage().contains(root.toString()), e.getMessage());
        assertEquals(root.resolve("elsewhere").toAbsolutePath(),
                ShippedModel.modelsDir(Map.of(ShippedModel.ENV, root.resolve("elsewhere").toString()), notebooks));
    }

    /** The model committed in data/models gives the test accuracy its record states. */
    @Test
    void theCommittedModelReachesItsRecordedTestAccuracy() {
        ShippedModel shipped;
        FashionMnist test;
        try {
            shipped = ShippedModel.find("resnet20-fashion-mnist");
            test = FashionMnist.builder().split(FashionMnist.Split.TEST).load();
        } catch (DataException e) {
            Assumptions.abort("no committed model or no prepared data here: " + e.getMessage());
            return;
        }
        try (Model model = Model.newInstance("shipped")) {
            model.setBlock(Nets.residual(3, Nets.Shortcut.A_ZERO_PAD));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            shipped.loadInto(model);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                trainer.initialize(new Shape(1, 1, 28, 28));
                // Tested the way its recipe tests (the fast recipe also scores each image mirrored).
                boolean flip = Recipe.named(shipped.record().recipeName(), shipped.record().epochs()).flipAtTest();
                double accuracy = Training.evaluate(trainer, test.toDataset(model.getNDManager(), 500, false, 0), null, flip)
                        .accuracy();
                // The same weights and images: only the order of floating-point sums may differ.
                assertEquals(shipped.record().testAccuracy(), accuracy, 0.001, shipped.describe());
            }
        }
    }
}
