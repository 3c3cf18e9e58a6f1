package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    static final double MEAN = 0.5;
    static final double STD = 0.25;

    static NDManager manager;

    @TempDir Path dir;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @BeforeEach
    void fresh() {
        DataFolder.clearCaches();
    }

    /** Pixel j of item i: pixel 0 encodes the item index, so order can be read back. */
    static int pixel(int item, int j) {
        return (item + 3 * j) % 256;
    }

    static byte[] idx(int magic, int count, boolean images) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            out.writeInt(count);
            if (images) {
                out.writeInt(28);
                out.writeInt(28);
                for (int i = 0; i < count; i++) {
                    for (int j = 0; j < 784; j++) {
                        out.writeByte(pixel(i, j));
                    }
                }
            } else {
                for (int i = 0; i < count; i++) {
                    out.writeByte(i % 10); // interleaved by class, like the real files
                }
            }
        }
        return bytes.toByteArray();
    }

    static void gzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    /** Writes a tiny data set; realStyle picks the manifest layout of prepare_fashion_mnist.py. */
    static Path writeDataset(Path dir, int train, int test, boolean realStyle) throws IOException {
        Files.createDirectories(dir);
        JsonObject files = new JsonObject();
        for (FashionMnist.Split split : FashionMnist.Split.values()) {
            int n = split == FashionMnist.Split.TRAIN ? train : test;
            byte[] images = idx(FashionMnist.IMAGES_MAGIC, n, true);
            byte[] labels = idx(FashionMnist.LABELS_MAGIC, n, false);
            gzip(dir.resolve(split.imagesFile()), images);
            gzip(dir.resolve(split.labelsFile()), labels);
            files.add(split.imagesFile(), entry(dir.resolve(split.imagesFile()), n, images.length, realStyle));
            files.add(split.labelsFile(), entry(dir.resolve(split.labelsFile()), n, labels.length, realStyle));
        }
        writeManifest(dir, files, realStyle, FashionMnist.CLASS_NAMES);
        return dir;
    }

    static JsonObject entry(Path file, int n, int idxBytes, boolean realStyle) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("sha256", Sha256.of(file));
        o.addProperty("bytes", Files.size(file));
        if (realStyle) {
            o.addProperty("items", n);
            o.addProperty("idx_bytes", idxBytes);
        } else {
            o.addProperty("count", n);
        }
        return o;
    }

    static void writeManifest(Path dir, JsonObject files, boolean realStyle, List<String> labels)
            throws IOException {
        JsonObject root = new JsonObject();
        root.add("files", files);
        if (realStyle) {
            JsonObject norm = new JsonObject();
            norm.addProperty("mean", MEAN);
            norm.addProperty("std", STD);
            root.add("normalization", norm);
            JsonArray names = new JsonArray();
            labels.forEach(names::add);
            root.add("labels", names);
        } else {
            root.addProperty("train_mean", MEAN);
            root.addProperty("train_std", STD);
        }
        Files.writeString(dir.resolve(FashionMnist.MANIFEST), root.toString(), StandardCharsets.UTF_8);
    }

    private FashionMnist.Builder builder(Path data) {
        return FashionMnist.builder().dataDir(data);
    }

    @Test
    void loadsVerifiedRawItems() throws IOException {
        Path data = writeDataset(dir, 20, 10, true);
        FashionMnist train = builder(data).load();
        assertEquals(20, train.size());
        assertEquals(FashionMnist.Split.TRAIN, train.split());
        assertEquals(7, train.label(17));
        assertEquals("Ankle boot", train.labelName(9));
        byte[] p = train.pixels(3);
        assertEquals(784, p.length);
        for (int j = 0; j < 784; j++) {
            assertEquals(pixel(3, j), p[j] & 0xFF);
        }
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, train.classCounts());
        FashionMnist test = builder(data).split(FashionMnist.Split.TEST).load();
        assertEquals(10, test.size());
        assertEquals((float) MEAN, train.mean());
        assertEquals((float) STD, train.std());
    }

    @Test
    void manifestWithTrainMeanAndCountKeysWorksToo() throws IOException {
        Path data = writeDataset(dir, 10, 10, false);
        FashionMnist train = builder(data).load();
        assertEquals(10, train.size());
        assertEquals((float) STD, train.std());
    }

    @Test
    void parsedSplitsAreReusedWithinTheJvm() throws IOException {
        Path data = writeDataset(dir, 10, 10, true);
        assertSame(builder(data).load(), builder(data).load());
    }

    @Test
    void limitKeepsTheFirstItemsAndRefusesTooMany() throws IOException {
        Path data = writeDataset(dir, 20, 10, true);
        FashionMnist first = builder(data).limit(10).load();
        assertEquals(10, first.size());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, first.classCounts());
        assertThrows(IndexOutOfBoundsException.class, () -> first.label(10));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> builder(data).limit(21).load());
        assertTrue(e.getMessage().contains("20"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder(data).limit(0));
    }

    @Test
    void imageScalesPixels() throws IOException {
        FashionMnist train = builder(writeDataset(dir, 10, 10, true)).load();
        BufferedImage img = train.image(4, 2);
        assertEquals(56, img.getWidth());
        int j = 28 * 5 + 7; // row 5, column 7
        assertEquals(pixel(4, j), img.getRaster().getSample(2 * 7 + 1, 2 * 5 + 1, 0));
    }

    @Test
    void datasetHoldsNormalisedFloatImagesAndClassIds() throws Exception {
        Path data = writeDataset(dir, 20, 10, true);
        ArrayDataset ds = builder(data).batchSize(8).build(manager);
        assertEquals(20, ds.size());
        Batch batch = ds.getData(manager).iterator().next();
        NDArray x = batch.getData().singletonOrThrow();
        NDArray y = batch.getLabels().singletonOrThrow();
        assertEquals(new Shape(8, 1, 28, 28), x.getShape());
        assertEquals(DataType.FLOAT32, x.getDataType());
        assertEquals(DataType.FLOAT32, y.getDataType());
        float[] xs = x.toFloatArray();
        for (int i = 0; i < 8; i++) {
            for (int j : new int[] {0, 1, 500, 783}) {
                double expected = (pixel(i, j) / 255.0 - MEAN) / STD;
                assertEquals(expected, xs[i * 784 + j], 1e-5, "item " + i + " pixel " + j);
            }
        }
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, y.toFloatArray());
        batch.close();
    }

    /** Reads back the item order of one epoch from pixel 0. */
    private static List<Integer> epochOrder(ArrayDataset ds) throws Exception {
        List<Integer> order = new ArrayList<>();
        for (Batch b : ds.getData(manager)) {
            float[] xs = b.getData().singletonOrThrow().toFloatArray();
            for (int i = 0; i < xs.length; i += 784) {
                order.add((int) Math.round((xs[i] * STD + MEAN) * 255));
            }
            b.close();
        }
        return order;
    }

    @Test
    void shuffleOrderDependsOnlyOnTheSeed() throws Exception {
        Path data = writeDataset(dir, 40, 10, true);
        List<Integer> a = epochOrder(builder(data).batchSize(16).shuffle(true).seed(7).build(manager));
        List<Integer> b = epochOrder(builder(data).batchSize(16).shuffle(true).seed(7).build(manager));
        List<Integer> c = epochOrder(builder(data).batchSize(16).shuffle(true).seed(8).build(manager));
        List<Integer> plain = epochOrder(builder(data).batchSize(16).build(manager));
        assertEquals(a, b);
        assertNotEquals(a, c);
        List<Integer> sorted = new ArrayList<>(a);
        sorted.sort(null);
        assertEquals(plain, sorted, "a shuffle is a permutation of all items");
        assertNotEquals(plain, a);
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(i, plain.get(i));
        }
    }

    @Test
    void corruptFileIsRefusedWithTheFix() throws IOException {
        Path data = writeDataset(dir, 20, 10, true);
        Path images = data.resolve("train-images-idx3-ubyte.gz");
        byte[] content = Files.readAllBytes(images);
        content[content.length / 2] ^= 0x55;
        Files.write(images, content);
        DataException e = assertThrows(DataException.class, () -> builder(data).load());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertTrue(e.getMessage().endsWith(DataException.HOW_TO_FIX), e.getMessage());
        assertTrue(e.getMessage().contains("bin/setup"));
        assertTrue(e.getMessage().contains("python3 data/prepare_fashion_mnist.py"));
    }

    @Test
    void missingFileIsRefusedWithTheFix() throws IOException {
        Path data = writeDataset(dir, 20, 10, true);
        Files.delete(data.resolve("t10k-labels-idx1-ubyte.gz"));
        DataException e =
                assertThrows(
                        DataException.class, () -> builder(data).split(FashionMnist.Split.TEST).load());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().endsWith(DataException.HOW_TO_FIX));
    }

    @Test
    void sizeDifferentFromTheManifestIsRefused() throws IOException {
        Path data = writeDataset(dir, 20, 10, true);
        Files.write(
                data.resolve("train-labels-idx1-ubyte.gz"),
                new byte[] {1, 2, 3},
                java.nio.file.StandardOpenOption.APPEND);
        DataException e = assertThrows(DataException.class, () -> builder(data).load());
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("bytes"), e.getMessage());
    }

    @Test
    void wrongMagicNumberIsExplained() throws IOException {
        Path data = writeDataset(dir, 10, 10, true);
        // a label file where the image file belongs, with a matching checksum
        Path images = data.resolve("train-images-idx3-ubyte.gz");
        byte[] labels = idx(FashionMnist.LABELS_MAGIC, 10, false);
        gzip(images, labels);
        JsonObject files = new JsonObject();
        for (FashionMnist.Split split : FashionMnist.Split.values()) {
            files.add(split.imagesFile(), entry(data.resolve(split.imagesFile()), 10, -1, true));
            files.add(split.labelsFile(), entry(data.resolve(split.labelsFile()), 10, -1, true));
        }
        writeManifest(data, files, true, FashionMnist.CLASS_NAMES);
        DataException e = assertThrows(DataException.class, () -> builder(data).load());
        assertTrue(e.getMessage().contains("magic number 0x00000801"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 0x00000803"), e.getMessage());
    }

    @Test
    void classNamesInTheManifestMustMatch() throws IOException {
        Path data = writeDataset(dir, 10, 10, true);
        JsonObject files = new JsonObject();
        for (FashionMnist.Split split : FashionMnist.Split.values()) {
            files.add(split.imagesFile(), entry(data.resolve(split.imagesFile()), 10, 16 + 7840, true));
            files.add(split.labelsFile(), entry(data.resolve(split.labelsFile()), 10, 18, true));
        }
        List<String> swapped = new ArrayList<>(FashionMnist.CLASS_NAMES);
        swapped.set(0, "Shirt");
        writeManifest(data, files, true, swapped);
        DataException e = assertThrows(DataException.class, () -> builder(data).load());
        assertTrue(e.getMessage().contains("names the classes"), e.getMessage());
    }

    @Test
    void checksumIsVerifiedOncePerFileVersion() throws IOException {
        Path data = writeDataset(dir, 10, 10, true);
        Path labels = data.resolve("train-labels-idx1-ubyte.gz");
        DataFolder folder = DataFolder.at(DataFolder.FASHION_MNIST, data);
        DataFolder.Entry entry = folder.entry(folder.manifest(), labels.getFileName().toString());
        folder.verify(labels, entry);
        FileTime time = Files.getLastModifiedTime(labels);
        byte[] content = Files.readAllBytes(labels);
        content[content.length - 1] ^= 0x01;
        Files.write(labels, content);
        Files.setLastModifiedTime(labels, time);
        folder.verify(labels, entry); // same path, size and time: not hashed again
        Files.setLastModifiedTime(labels, FileTime.fromMillis(time.toMillis() + 5_000));
        assertThrows(DataException.class, () -> folder.verify(labels, entry));
    }

    @Test
    void dataDirComesFromTheEnvironmentOrTheDirectoriesAbove() throws IOException {
        Path root = dir.resolve("project");
        Path data = writeDataset(root.resolve("data/fashion-mnist"), 10, 10, true);
        Path nested = Files.createDirectories(root.resolve("notebooks/part1"));
        assertEquals(data, findDataDir(Map.of(), nested));
        assertEquals(
                data,
                findDataDir(Map.of(FashionMnist.ENV, data.toString()), dir));
        assertEquals(
                data,
                findDataDir(Map.of(FashionMnist.ENV, root.resolve("data").toString()), dir));
        DataException wrongEnv =
                assertThrows(
                        DataException.class,
                        () -> findDataDir(Map.of(FashionMnist.ENV, nested.toString()), dir));
        assertTrue(wrongEnv.getMessage().contains(FashionMnist.ENV), wrongEnv.getMessage());
        DataException none =
                assertThrows(DataException.class, () -> findDataDir(Map.of(), dir));
        assertTrue(none.getMessage().contains("data/fashion-mnist/MANIFEST.json"), none.getMessage());
        assertTrue(none.getMessage().endsWith(DataException.HOW_TO_FIX));
    }

    /** Runs only where the set-up has prepared the real data. */
    @Test
    void realDataHasTheDocumentedShapeAndStatistics() throws Exception {
        Path real;
        try {
            real = FashionMnist.dataDir();
        } catch (DataException e) {
            Assumptions.abort("real Fashion-MNIST data not prepared here: " + e.getMessage());
            return;
        }
        FashionMnist train = FashionMnist.builder().dataDir(real).load();
        FashionMnist test = FashionMnist.builder().dataDir(real).split(FashionMnist.Split.TEST).load();
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        for (int c = 0; c < 10; c++) {
            assertEquals(6_000, train.classCounts()[c], "train class " + c);
            assertEquals(1_000, test.classCounts()[c], "test class " + c);
        }
        FashionMnist prefix = FashionMnist.builder().dataDir(real).limit(100).load();
        for (int c = 0; c < 10; c++) {
            assertEquals(10, prefix.classCounts()[c], "any prefix of 10k items is class balanced");
        }
        ArrayDataset ds =
                FashionMnist.builder().dataDir(real).limit(6_000).batchSize(1_000).shuffle(true).build(manager);
        Batch batch = ds.getData(manager).iterator().next();
        NDArray x = batch.getData().singletonOrThrow();
        float mean = x.mean().getFloat();
        float std = (float) Math.sqrt(x.sub(mean).pow(2).mean().getFloat());
        assertEquals(0.0, mean, 0.1, "normalised batch mean");
        assertEquals(1.0, std, 0.1, "normalised batch std");
        batch.close();
    }

    /** The folder {@link DataFolder} finds for FashionMnist in this environment, starting here. */
    private static Path findDataDir(Map<String, String> env, Path start) {
        return DataFolder.find(DataFolder.FASHION_MNIST, env, start).dir();
    }
}
