package org.resnetnotebooks.kit;

import java.util.ArrayList;
import java.util.List;

/** A notebook sink for tests: remembers every show and update. */
final class RecordingSink implements Notebook.Sink {

    /** One output event. */
    record Event(String kind, String id, String html) {}

    final List<Event> events = new ArrayList<>();
    private int next;

    @Override
    public synchronized String show(String html) {
        String id = "display-" + (++next);
        events.add(new Event("show", id, html));
        return id;
    }

    @Override
    public synchronized void update(String id, String html) {
        events.add(new Event("update", id, html));
    }

    synchronized List<Event> shows() {
        return events.stream().filter(e -> e.kind().equals("show")).toList();
    }

    synchronized List<Event> updates() {
        return events.stream().filter(e -> e.kind().equals("update")).toList();
    }

    /** Installs a fresh recorder and returns it. */
    static RecordingSink install() {
        RecordingSink sink = new RecordingSink();
        Notebook.install(sink);
        return sink;
    }
}
