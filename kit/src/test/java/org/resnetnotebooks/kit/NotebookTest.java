package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotebookTest {

    @AfterEach
    void disconnect() {
        Notebook.disconnect();
    }

    private static String captureStdout(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unconnectedShowPrintsPlainTextAndReturnsDistinctSyntheticIds() {
        Notebook.disconnect();
        assertFalse(Notebook.isConnected());
        String[] ids = new String[2];
        String out =
                captureStdout(
                        () -> {
                            ids[0] = Notebook.display("<p>Loss <b>0.5</b> &amp; falling</p><script>alert(1)</script>");
                            ids[1] = Notebook.display("<div>second</div>");
                        });
        assertTrue(ids[0].startsWith("plain-"), ids[0]);
        assertNotEquals(ids[0], ids[1]);
        assertEquals("Loss 0.5 & falling\nsecond\n", out.replace("\r\n", "\n"));
    }

    @Test
    void unconnectedUpdatePrintsTheNewText() {
        String out = captureStdout(() -> Notebook.update("plain-7", "<span>step 3/10</span>"));
        assertEquals("step 3/10", out.strip());
    }

    @Test
    void plainTextDropsScriptsAndStylesAndBreaksBlocks() {
        String text =
                Notebook.plainText(
                        "<style>.x{}</style><table><tr><th>Engine</th><td>MXNet</td></tr>"
                                + "<tr><th>Device</th><td>cpu()</td></tr></table><SCRIPT type='x'>var a = '<p>';</SCRIPT>");
        assertEquals("Engine MXNet\nDevice cpu()", text);
    }

    @Test
    void connectRoutesShowAndUpdateThroughTheKernelsFunctions() {
        List<String> log = new ArrayList<>();
        Notebook.connect(
                o -> {
                    log.add("display " + FakeKernelApi.render(o));
                    return "id-42";
                },
                (id, o) -> log.add("update " + id + " " + FakeKernelApi.render(o)),
                FakeKernelApi.display());
        assertTrue(Notebook.isConnected());
        String id = Notebook.display("<b>hi</b>");
        Notebook.update(id, "<b>bye</b>");
        assertEquals("id-42", id);
        assertEquals(List.of("display {text/html=<b>hi</b>, text/plain=hi}",
                "update id-42 {text/html=<b>bye</b>, text/plain=bye}"), log);
    }

    @Test
    void connectOutsideAKnownKernelSaysWhichKernelToChoose() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Notebook.connect(o -> "x", (i, o) -> {}));
        assertTrue(e.getMessage().contains("Java (ResNet notebooks)"));
        assertFalse(Notebook.isConnected(), "a failed connect leaves the plain-text fallback");
    }

    @Test
    void everyConnectionStartsANewGeneration() {
        long before = Notebook.generation();
        RecordingSink.install();
        long afterInstall = Notebook.generation();
        Notebook.connect(h -> "x", (i, h) -> {}, FakeKernelApi.display());
        assertTrue(afterInstall > before);
        assertTrue(Notebook.generation() > afterInstall);
    }

    @Test
    void recordingSinkSeesEvents() {
        RecordingSink sink = RecordingSink.install();
        String id = Notebook.display("a");
        Notebook.update(id, "b");
        assertEquals(1, sink.shows().size());
        assertEquals("b", sink.updates().get(0).text());
        assertEquals(id, sink.updates().get(0).id());
    }
}
