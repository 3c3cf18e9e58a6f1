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

    @Test
    void anExperimentNeedsTheChangeAndTheNumberItPrinted() {
        RecordingSink sink = RecordingSink.install();
        Exercises.experiment("9.4", false, Double.NaN, Double.NaN, 0.1, "set scale to 1.0", "It shows X.");
        Exercises.experiment("9.5", false, 12.0, 12.3, 0.1, "set scale to 1.0", "It shows X.");
        Exercises.experiment("9.6", true, Double.NaN, 12.3, 0.1, "set scale to 1.0", "It shows X.");
        Exercises.experiment("9.7", true, 15.0, 12.3, 0.1, "set scale to 1.0", "It shows X.");
        Exercises.experiment("9.8", true, 12.3, 12.34, 0.1, "set scale to 1.0", "It shows X.");
        Exercises.experiment("9.9", true, 0.0, 0.04, 0.1, "set scale to 1.0", "It shows X.");
        String[] shown = sink.shows().stream().map(s -> s.html()).toArray(String[]::new);
        assertTrue(shown[0].contains("data-verdict=\"blank\""), shown[0]);
        assertTrue(shown[1].contains("does not hold the change yet: set scale to 1.0"), shown[1]);
        assertTrue(shown[2].contains("type the number"), shown[2]);
        assertTrue(shown[3].contains("not the number your run printed") && !shown[3].contains("12.3"), shown[3]);
        assertTrue(shown[4].contains("right. You read 12.3. It shows X."), shown[4]);
        assertTrue(shown[5].contains("data-verdict=\"right\""), "0.0 is the printed reading of 0.04 at one decimal");
    }

    @Test
    void typedNumbersReadAsWritten() {
        assertEquals("12.3", Exercises.readable(12.3));
        assertEquals("1000", Exercises.readable(1000));
        assertEquals("0.13", Exercises.readable(0.13));
        assertEquals("6.0e+07", Exercises.readable(6.04e7));
    }
}
