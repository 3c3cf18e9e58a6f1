package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExercisesTest {

    @AfterEach
    void disconnect() {
        Notebook.disconnect();
    }

    @Test
    void blankAnswerIsNeitherRightNorWrongAndSaysWhatToDo() {
        RecordingSink sink = RecordingSink.install();
        Exercises.check("9.1", false, true, "yes", "hint");
        String shown = sink.shows().get(0).html();
        assertTrue(shown.contains("no answer yet") && shown.contains("data-verdict=\"blank\""), shown);
    }

    @Test
    void rightAndWrongAnswersShowTheirTexts() {
        RecordingSink sink = RecordingSink.install();
        Exercises.check("9.2", true, true, "Because F is zero.", "Look again.");
        Exercises.check("9.3", true, false, "Because F is zero.", "Look <again>.");
        assertTrue(sink.shows().get(0).html().contains("data-verdict=\"right\""));
        assertTrue(sink.shows().get(1).html().contains("data-verdict=\"wrong\""));
        assertTrue(sink.shows().get(0).html().contains("right. Because F is zero."));
        assertTrue(sink.shows().get(1).html().contains("not yet. Look &lt;again&gt;."));
    }
}
