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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes small files in the real CIFAR-10 binary format (20 records each) and reads them back.
 * Never downloads; the last test checks a real installed copy if there is one.
 */
class Cifar10Test {

    static final int RECORDS = 20;
    static final int RB = Cifar10.RECORD_BYTES;
    static final float[] MEAN = {0.5f, 0.4f, 0.3f};
    static final float[] STD = {0.25f, 0.2f, 0.125f};
    /** All six files in order: file index 0..4 is data_batch_1..5, 5 is test_batch. */
    static final List<String> FILES = new ArrayList<>();

    static {
        FILES.addAll(Cifar10.Split.TRAIN.files());
        FILES.addAll(Cifar10.Split.TEST.files());
    }

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

    /** Pixel at (channel, position) of a record; distinct per file and record. */
    static int pixel(int file, int record, int channel, int position) {
        return (file * 31 + record * 7 + channel * 50 + position) % 256;
    }

    static int label(int file, int record) {
        return (file + 3 * record) % 10;
    }

    static byte[] batch(int file, int records) {
        byte[] out = new byte[records * RB];
        for (int r = 0; r < records; r++) {
            out[r * RB] = (byte) label(file, r);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    out[r * RB + 1 + c * 1024 + p] = (byte) pixel(file, r, c, p);
                }
            }
        }
        return out;
    }

    /** Writes the six files; with a manifest in the layout of prepare_cifar10.py if asked. */
    static Path writeDataset(Path dir, boolean withManifest) throws IOException {
        Files.createDirectories(dir);
        JsonObject files = new JsonObject();
        for (int f = 0; f < FILES.size(); f++) {
            Path file = dir.resolve(FILES.get(f));
            Files.write(file, batch(f, RECORDS));
            JsonObject entry = new JsonObject();
            entry.addProperty("split", f < 5 ? "train" : "test");
            entry.addProperty("records", RECORDS);
            entry.addProperty("bytes", Files.size(file));
            entry.addProperty("sha256", Sha256.of(file));
            files.add(FILES.get(f), entry);
        }
        if (withManifest) {
            writeManifest(dir, files, Cifar10.CLASS_NAMES);
        }
        return dir;
    }

    static void writeManifest(Path dir, JsonObject files, List<String> labels) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("format_version", 1);
        root.addProperty("dataset", "CIFAR-10");
        JsonArray names = new JsonArray();
        labels.forEach(names::add);
        root.add("labels", names);
        root.addProperty("records_per_file", RECORDS);
        JsonObject norm = new JsonObject();
        JsonArray mean = new JsonArray();
        JsonArray std = new JsonArray();
        for (int c = 0; c < 3; c++) {
            mean.add(MEAN[c]);
            std.add(STD[c]);
        }
        norm.add("mean", mean);
        norm.add("std", std);
        root.add("normalization", norm);
        root.add("files", files);
        Files.writeString(dir.resolve(Cifar10.MANIFEST), root.toString(), StandardCharsets.UTF_8);
    }

    private Cifar10.Builder builder(Path data) {
        return Cifar10.builder().dataDir(data).recordsWithoutManifest(RECORDS);
    }

    private static void assertFix(DataException e) {
        String m = e.getMessage();
        assertTrue(m.endsWith(Cifar10.HOW_TO_FIX), m);
        assertTrue(m.contains("python3 data/prepare_cifar10.py"), m);
        assertTrue(m.contains("--from-archive"), m);
        assertTrue(m.contains("Fashion-MNIST by default"), m);
    }

    @Test
    void readsRecordsExactly() throws IOException {
        Path data = writeDataset(dir, true);
        Cifar10 train = builder(data).load();
        assertEquals(Cifar10.Split.TRAIN, train.split());
        assertEquals(100, train.size());
        for (int i : new int[] {0, 19, 20, 57, 99}) {
            int file = i / RECORDS;
            int record = i % RECORDS;
            assertEquals(label(file, record), train.label(i), "label of item " + i);
            byte[] p = train.pixels(i);
            assertEquals(3072, p.length);
            for (int c = 0; c < 3; c++) {
                for (int q = 0; q < 1024; q++) {
                    assertEquals(pixel(file, record, c, q), p[c * 1024 + q] & 0xFF);
                }
            }
        }
        assertEquals("cat", builder(data).load().labelName(1)); // file 0, record 1: label 3
        int[] expected = new int[10];
        for (int f = 0; f < 5; f++) {
            for (int r = 0; r < RECORDS; r++) {
                expected[label(f, r)]++;
            }
        }
        assertArrayEquals(expected, train.classCounts());
        Cifar10 test = builder(data).split(Cifar10.Split.TEST).load();
        assertEquals(20, test.size());
        assertEquals(label(5, 4), test.label(4));
        assertEquals(pixel(5, 4, 2, 1023), test.pixels(4)[2 * 1024 + 1023] & 0xFF);
        assertArrayEquals(MEAN, train.mean());
        assertArrayEquals(STD, test.std());
    }

    @Test
    void classNamesAreThoseOfCifar10() {
        assertEquals(
                List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
                        "ship", "truck"),
                Cifar10.CLASS_NAMES);
    }

    @Test
    void parsedSplitsAreReusedAndLimitKeepsTheFirstItems() throws IOException {
        Path data = writeDataset(dir, true);
        assertSame(builder(data).load(), builder(data).load());
        Cifar10 first = builder(data).limit(30).load();
        assertEquals(30, first.size());
        assertEquals(label(1, 5), first.label(25)); // the second file follows the first
        assertThrows(IndexOutOfBoundsException.class, () -> first.label(30));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> builder(data).limit(101).load());
        assertTrue(e.getMessage().contains("100"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder(data).limit(0));
    }

    @Test
    void imageIsInColourAndScaled() throws IOException {
        Cifar10 train = builder(writeDataset(dir, true)).load();
        BufferedImage img = train.image(7, 3);
        assertEquals(96, img.getWidth());
        assertEquals(96, img.getHeight());
        int q = 32 * 5 + 9; // row 5, column 9
        int rgb = img.getRGB(3 * 9 + 2, 3 * 5 + 1);
        assertEquals(pixel(0, 7, 0, q), (rgb >> 16) & 0xFF);
        assertEquals(pixel(0, 7, 1, q), (rgb >> 8) & 0xFF);
        assertEquals(pixel(0, 7, 2, q), rgb & 0xFF);
        assertThrows(IllegalArgumentException.class, () -> train.image(0, 0));
    }

    @Test
    void datasetHoldsImagesNormalisedPerChannel() throws Exception {
        Path data = writeDataset(dir, true);
        ArrayDataset ds = builder(data).batchSize(8).build(manager);
        assertEquals(100, ds.size());
        Batch batch = ds.getData(manager).iterator().next();
        NDArray x = batch.getData().singletonOrThrow();
        NDArray y = batch.getLabels().singletonOrThrow();
        assertEquals(new Shape(8, 3, 32, 32), x.getShape());
        assertEquals(DataType.FLOAT32, x.getDataType());
        assertEquals(DataType.FLOAT32, y.getDataType());
        float[] xs = x.toFloatArray();
        for (int i = 0; i < 8; i++) {
            for (int c = 0; c < 3; c++) {
                for (int q : new int[] {0, 1, 33, 500, 1023}) {
                    double expected = (pixel(0, i, c, q) / 255.0 - MEAN[c]) / STD[c];
                    assertEquals(expected, xs[i * 3072 + c * 1024 + q], 1e-5,
                            "item " + i + " channel " + c + " pixel " + q);
                }
            }
        }
        float[] labels = new float[8];
        for (int i = 0; i < 8; i++) {
            labels[i] = label(0, i);
        }
        assertArrayEquals(labels, y.toFloatArray());
        batch.close();
        ArrayDataset test = builder(data).split(Cifar10.Split.TEST).limit(10).batchSize(10).build(manager);
        assertEquals(10, test.size());
        Batch testBatch = test.getData(manager).iterator().next();
        NDArray tx = testBatch.getData().singletonOrThrow();
        assertEquals(new Shape(10, 3, 32, 32), tx.getShape());
        double expected = (pixel(5, 9, 2, 1023) / 255.0 - MEAN[2]) / STD[2];
        assertEquals(expected, tx.toFloatArray()[9 * 3072 + 2 * 1024 + 1023], 1e-5);
        testBatch.close();
    }

    @Test
    void withoutManifestTheStatisticsComeFromTheTrainingFiles() throws Exception {
        Path data = writeDataset(dir, false);
        Cifar10 train = builder(data).load();
        Cifar10 test = builder(data).split(Cifar10.Split.TEST).load();
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double squares = 0;
            int n = 0;
            for (int f = 0; f < 5; f++) {
                for (int r = 0; r < RECORDS; r++) {
                    for (int q = 0; q < 1024; q++) {
                        double v = pixel(f, r, c, q) / 255.0;
                        sum += v;
                        squares += v * v;
                        n++;
                    }
                }
            }
            double mean = sum / n;
            double std = Math.sqrt(squares / n - mean * mean);
            assertEquals(mean, train.mean()[c], 1e-6, "mean of channel " + c);
            assertEquals(std, train.std()[c], 1e-6, "std of channel " + c);
        }
        assertArrayEquals(train.mean(), test.mean(), "test images use the training statistics");
        assertArrayEquals(train.std(), test.std());
        ArrayDataset ds = builder(data).split(Cifar10.Split.TEST).batchSize(20).build(manager);
        Batch batch = ds.getData(manager).iterator().next();
        float[] xs = batch.getData().singletonOrThrow().toFloatArray();
        double expected = (pixel(5, 3, 1, 77) / 255.0 - train.mean()[1]) / train.std()[1];
        assertEquals(expected, xs[3 * 3072 + 1024 + 77], 1e-4);
        batch.close();
    }

    /** Reads back the item order of one epoch from the first red pixel. */
    private static List<Integer> epochOrder(ArrayDataset ds) throws Exception {
        Map<Integer, Integer> itemOfPixel = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            itemOfPixel.put(pixel(i / RECORDS, i % RECORDS, 0, 0), i);
        }
        assertEquals(100, itemOfPixel.size(), "the first red pixel identifies the item");
        List<Integer> order = new ArrayList<>();
        for (Batch b : ds.getData(manager)) {
            float[] xs = b.getData().singletonOrThrow().toFloatArray();
            for (int i = 0; i < xs.length; i += 3072) {
                int value = (int) Math.round((xs[i] * STD[0] + MEAN[0]) * 255);
                order.add(itemOfPixel.get(value));
            }
            b.close();
        }
        return order;
    }

    @Test
    void shuffleOrderDependsOnlyOnTheSeed() throws Exception {
        Path data = writeDataset(dir, true);
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
    void missingDirectoryNamesTheInstallCommands() {
        Path nowhere = dir.resolve("no-such-dir");
        DataException e = assertThrows(DataException.class, () -> builder(nowhere).load());
        assertTrue(e.getMessage().contains("CIFAR-10 directory not found: " + nowhere), e.getMessage());
        assertFix(e);
        DataException none =
                assertThrows(DataException.class, () -> findDataDir(Map.of(), dir));
        assertTrue(none.getMessage().contains("data/cifar-10"), none.getMessage());
        assertFix(none);
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Path data = writeDataset(dir, false);
        Files.delete(data.resolve("data_batch_4.bin"));
        DataException e = assertThrows(DataException.class, () -> builder(data).load());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertTrue(e.getMessage().contains("data_batch_4.bin"), e.getMessage());
        assertFix(e);
    }

    @Test
    void truncatedFileIsNamedWithTheByteOffset() throws IOException {
        for (boolean withManifest : new boolean[] {true, false}) {
            DataFolder.clearCaches();
            Path data = writeDataset(dir.resolve("m" + withManifest), withManifest);
            Path file = data.resolve("data_batch_3.bin");
            byte[] content = Files.readAllBytes(file);
            int cut = 7 * RB + 1000; // inside record 7
            Files.write(file, Arrays.copyOf(content, cut));
            DataException e = assertThrows(DataException.class, () -> builder(data).load());
            String m = e.getMessage();
            assertTrue(m.contains("truncated"), m);
            assertTrue(m.contains(file.toString()), m);
            assertTrue(m.contains(String.format(Locale.ROOT, "byte offset %,d, inside record 7", cut)), m);
            assertFix(e);
        }
    }

    @Test
    void fileWithExtraBytesIsNamed() throws IOException {
        Path data = writeDataset(dir, false);
        Path file = data.resolve("test_batch.bin");
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        DataException e =
                assertThrows(DataException.class, () -> builder(data).split(Cifar10.Split.TEST).load());
        assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
        assertTrue(e.getMessage().contains(String.format(Locale.ROOT, "byte offset %,d", RECORDS * RB)), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsNamedWithTheByteOffset() throws IOException {
        Path data = writeDataset(dir, false);
        Path file = data.resolve("data_batch_2.bin");
        byte[] content = Files.readAllBytes(file);
        content[11 * RB] = 10;
        Files.write(file, content);
        DataException e = assertThrows(DataException.class, () -> builder(data).load());
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), m);
        assertTrue(m.contains(String.format(Locale.ROOT, "label 10 at byte offset %,d (record 11)", 11 * RB)), m);
        assertFix(e);
        content[11 * RB] = (byte) 255; // read as unsigned
        Files.write(file, content);
        DataFolder.clearCaches();
        DataException e255 = assertThrows(DataException.class, () -> builder(data).load());
        assertTrue(e255.getMessage().contains("label 255 at byte offset"), e255.getMessage());
    }

    @Test
    void changedFileIsCaughtByTheManifestChecksum() throws IOException {
        Path data = writeDataset(dir, true);
        Path file = data.resolve("data_batch_5.bin");
        byte[] content = Files.readAllBytes(file);
        content[1234] ^= 0x55;
        Files.write(file, content);
        DataException e = assertThrows(DataException.class, () -> builder(data).load());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains("data_batch_5.bin"), e.getMessage());
        assertFix(e);
    }

    @Test
    void manifestMustNameTheCifarClasses() throws IOException {
        Path data = writeDataset(dir, true);
        JsonObject files =
                com.google.gson.JsonParser.parseString(Files.readString(data.resolve(Cifar10.MANIFEST)))
                        .getAsJsonObject()
                        .getAsJsonObject("files");
        writeManifest(data, files, FashionMnist.CLASS_NAMES);
        DataException e = assertThrows(DataException.class, () -> builder(data).load());
        assertTrue(e.getMessage().contains("names the classes"), e.getMessage());
    }

    @Test
    void withoutManifestTheOfficialRecordCountIsExpected() throws IOException {
        Path data = writeDataset(dir, false);
        DataException e =
                assertThrows(DataException.class, () -> Cifar10.builder().dataDir(data).load());
        assertTrue(e.getMessage().contains("expected 30,730,000"), e.getMessage());
    }

    @Test
    void dataDirComesFromItsVariableTheFashionMnistDirOrTheDirectoriesAbove() throws IOException {
        Path root = dir.resolve("project");
        Path cifar = writeDataset(root.resolve("data/cifar-10"), true);
        Path fashion = Files.createDirectories(root.resolve("data/fashion-mnist"));
        Files.writeString(fashion.resolve(FashionMnist.MANIFEST), "{}");
        Path nested = Files.createDirectories(root.resolve("notebooks/part1"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        // walking up from the working directory
        assertEquals(cifar, findDataDir(Map.of(), nested));
        // RESNET_CIFAR10_DIR: the directory itself, or its parent
        assertEquals(cifar, findDataDir(Map.of(Cifar10.ENV, cifar.toString()), elsewhere));
        assertEquals(cifar,
                findDataDir(Map.of(Cifar10.ENV, root.resolve("data").toString()), elsewhere));
        // ... or the folder of the official archive
        Path extracted = writeDataset(dir.resolve("download/cifar-10-batches-bin"), false);
        assertEquals(extracted,
                findDataDir(Map.of(Cifar10.ENV, dir.resolve("download").toString()), elsewhere));
        DataException wrongEnv =
                assertThrows(DataException.class,
                        () -> findDataDir(Map.of(Cifar10.ENV, nested.toString()), elsewhere));
        assertTrue(wrongEnv.getMessage().contains(Cifar10.ENV), wrongEnv.getMessage());
        assertFix(wrongEnv);
        // RESNET_DATA_DIR (Fashion-MNIST): cifar-10 next to the fashion-mnist directory
        assertEquals(cifar,
                findDataDir(Map.of(FashionMnist.ENV, fashion.toString()), elsewhere));
        assertEquals(cifar,
                findDataDir(Map.of(FashionMnist.ENV, root.resolve("data").toString()), elsewhere));
        DataException noneNextToFashion =
                assertThrows(DataException.class,
                        () -> findDataDir(Map.of(FashionMnist.ENV, elsewhere.toString()), nested));
        assertTrue(noneNextToFashion.getMessage().contains(elsewhere.resolve("cifar-10").toString()),
                noneNextToFashion.getMessage());
        // RESNET_CIFAR10_DIR wins over RESNET_DATA_DIR
        assertEquals(extracted,
                findDataDir(
                        Map.of(Cifar10.ENV, extracted.toString(), FashionMnist.ENV, fashion.toString()),
                        elsewhere));
    }

    /** Runs only where CIFAR-10 was installed with data/prepare_cifar10.py. */
    @Test
    void realDataHasTheOfficialCounts() {
        Path real;
        try {
            real = Cifar10.dataDir();
        } catch (DataException e) {
            Assumptions.abort("CIFAR-10 not installed here (optional): " + e.getMessage());
            return;
        }
        Cifar10 test = Cifar10.builder().dataDir(real).split(Cifar10.Split.TEST).load();
        assertEquals(10_000, test.size());
        for (int c = 0; c < 10; c++) {
            assertEquals(1_000, test.classCounts()[c], "test class " + c);
        }
        Cifar10 train = Cifar10.builder().dataDir(real).load();
        assertEquals(50_000, train.size());
        for (int c = 0; c < 10; c++) {
            assertEquals(5_000, train.classCounts()[c], "train class " + c);
        }
    }

    /** The folder {@link DataFolder} finds for Cifar10 in this environment, starting here. */
    private static Path findDataDir(Map<String, String> env, Path start) {
        return DataFolder.find(DataFolder.CIFAR10, env, start).dir();
    }
}
