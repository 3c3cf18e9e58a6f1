package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimeToAccuracyTest {

    @Test
    void printsOneLinePerEpochAndASummaryWhoseTimeCountsTheRecipesOwnTesting() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Two epochs of the fast recipe on 2,048 images: far from 93 %, so the target is 5 %, which
        // any net passes (10 balanced classes: one class for every image is 10 %); the plumbing is tested here.
        TimeToAccuracy.run(Recipe.fast(2), 7, 0.05, false, 2048, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<JsonObject> lines = bytes.toString(StandardCharsets.UTF_8).lines()
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertEquals(3, lines.size(), "two epochs and the summary");
        double elapsed = 0;
        for (int e = 0; e < 2; e++) {
            JsonObject epoch = lines.get(e);
            assertEquals(e + 1, epoch.get("epoch").getAsInt());
            assertEquals(2048, epoch.get("train_images").getAsInt());
            // The fast recipe tests with the flipped view: its accuracy and time are the flipped pass's.
            assertEquals(epoch.get("test_accuracy_flip").getAsDouble(), epoch.get("recipe_accuracy").getAsDouble());
            elapsed += epoch.get("train_seconds").getAsDouble() + epoch.get("test_seconds_flip").getAsDouble();
            assertEquals(elapsed, epoch.get("elapsed_seconds").getAsDouble(), 1e-6);
        }
        // 16 batches per epoch: epoch 2's first step is step 17, just past the warm-up's peak of 0.2.
        assertEquals(Recipe.fast(2).schedule(16).getNewValue(17), lines.get(1).get("learning_rate_at_start").getAsFloat(), 1e-7);
        assertTrue(lines.get(1).get("learning_rate_at_start").getAsFloat() > 0.19f);
        JsonObject summary = lines.get(2);
        assertTrue(summary.get("done").getAsBoolean());
        assertEquals(2, summary.get("epochs_run").getAsInt());
        assertEquals(lines.get(1).get("recipe_accuracy").getAsDouble(), summary.get("final_accuracy").getAsDouble());
        int reached = summary.get("reached_epoch").getAsInt();
        assertTrue(reached >= 1, "any net beats 5 %: " + summary);
        assertEquals(lines.get(reached - 1).get("elapsed_seconds").getAsDouble(), summary.get("seconds_to_target").getAsDouble());
    }
}
