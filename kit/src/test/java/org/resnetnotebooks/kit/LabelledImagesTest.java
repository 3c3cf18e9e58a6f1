package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fashion-MNIST and CIFAR-10 behind one interface, and a ResNet training step on colour images. */
class LabelledImagesTest {

    @TempDir Path dir;

    @BeforeEach
    void fresh() {
        DataFolder.clearCaches();
    }

    private LabelledImages cifar() throws Exception {
        return Cifar10.builder().dataDir(Cifar10Test.writeDataset(dir.resolve("cifar-10"), true)).load();
    }

    private LabelledImages fashion() throws Exception {
        return FashionMnist.builder().dataDir(FashionMnistTest.writeDataset(dir.resolve("fashion"), 10, 5, false)).load();
    }

    @Test
    void bothDataSetsDescribeTheirImages() throws Exception {
        LabelledImages f = fashion();
        assertEquals(List.of(1, 28, 28), List.of(f.channels(), f.height(), f.width()));
        assertEquals(FashionMnist.CLASS_NAMES, f.classNames());
        assertArrayEquals(new float[] {((FashionMnist) f).mean()}, f.channelMean());
        assertArrayEquals(new float[] {((FashionMnist) f).std()}, f.channelStd());
        assertEquals(784, f.pixels(3).length);
        assertEquals(f.classNames().get(f.label(3)), f.labelName(3));

        LabelledImages c = cifar();
        assertEquals(List.of(3, 32, 32), List.of(c.channels(), c.height(), c.width()));
        assertEquals(Cifar10.CLASS_NAMES, c.classNames());
        assertArrayEquals(Cifar10Test.MEAN, c.channelMean());
        assertArrayEquals(Cifar10Test.STD, c.channelStd());
        assertEquals(3072, c.pixels(3).length);
        assertEquals("cat", c.labelName(1));
        assertEquals(100, c.size());
        assertEquals(100, java.util.Arrays.stream(c.classCounts()).sum());
        BufferedImage img = c.image(0, 2);
        assertEquals(64, img.getWidth());
    }

    @Test
    void normalisedImagesAreWhatTheDataSetsGiveTheNet() throws Exception {
        for (LabelledImages data : List.of(fashion(), cifar())) {
            int n = data.channels() * data.height() * data.width();
            try (NDManager m = NDManager.newBaseManager()) {
                ArrayDataset ds = data.toDataset(m, 4, false, 0);
                Batch batch = ds.getData(m).iterator().next();
                float[] xs = batch.getData().head().toFloatArray();
                for (int i = 0; i < 4; i++) {
                    float[] mine = data.normalised(i);
                    assertEquals(n, mine.length);
                    for (int p = 0; p < n; p++) {
                        assertEquals(xs[i * n + p], mine[p], 1e-5, data.getClass().getSimpleName() + " item " + i + " pixel " + p);
                    }
                }
                batch.close();
            }
        }
        // by hand: CIFAR-10 item 2, blue channel, pixel 77
        LabelledImages c = cifar();
        assertEquals((Cifar10Test.pixel(0, 2, 2, 77) / 255f - Cifar10Test.MEAN[2]) / Cifar10Test.STD[2],
                c.normalised(2)[2 * 1024 + 77], 1e-6);
    }

    @Test
    void oneTrainingStepOfAResNetOnAnAugmentedCifarBatch() throws Exception {
        LabelledImages data = cifar();
        Device cpu = Device.cpu();
        Shape input = new Shape(8, data.channels(), data.height(), data.width());
        assertEquals(new Shape(8, 3, 32, 32), input);
        try (Model model = Model.newInstance("cifar-step", cpu)) {
            model.setBlock(Nets.residual(1, Nets.Shortcut.A_ZERO_PAD));
            MomentumSgd sgd = MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f)
                    .optWeightDecays(1e-4f).build();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(sgd).optDevices(new Device[] {cpu}))) {
                trainer.initialize(input);
                NDArray firstConv = model.getBlock().getParameters().valueAt(0).getArray();
                assertEquals(new Shape(16, 3, 3, 3), firstConv.getShape(), "the first convolution reads 3 channels");
                float[] before = firstConv.toFloatArray();
                Batch batch = trainer.iterateDataset(AugmentedImages.of(data, 8, true, 4, true, 11)).iterator().next();
                assertEquals(input, batch.getData().head().getShape());
                float lossValue;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray scores = trainer.forward(batch.getData()).head();
                    assertEquals(new Shape(8, 10), scores.getShape());
                    NDArray loss = trainer.getLoss().evaluate(batch.getLabels(), new NDList(scores));
                    lossValue = loss.getFloat();
                    gc.backward(loss);
                    long correct = Training.countCorrect(scores, batch.getLabels().head());
                    assertTrue(correct >= 0 && correct <= 8);
                }
                trainer.step();
                batch.close();
                assertTrue(Float.isFinite(lossValue) && lossValue > 0, "loss " + lossValue);
                float[] after = model.getBlock().getParameters().valueAt(0).getArray().toFloatArray();
                assertFalse(java.util.Arrays.equals(before, after), "the step changed nothing");
                for (float w : after) {
                    assertTrue(Float.isFinite(w));
                }
            }
        }
    }
}
