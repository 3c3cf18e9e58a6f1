package org.resnetnotebooks.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A notebook sink for tests: remembers every show and update. */
final class RecordingSink implements Notebook.Sink {

    /** One output event. */
    record Event(String kind, String id, Map<String, Object> bundle) {
        /** The output's HTML, or "" if it has none. */
        String html() {
            return bundle.get(Notebook.HTML) instanceof String h ? h : "";
        }

        /** The output's plain text. */
        String text() {
            return (String) bundle.get(Notebook.TEXT);
        }
    }

    final List<Event> events = new ArrayList<>();
    private int next;

    @Override
    public synchronized String show(Map<String, Object> bundle) {
        String id = "display-" + (++next);
        events.add(new Event("show", id, bundle));
        return id;
    }

    @Override
    public synchronized void update(String id, Map<String, Object> bundle) {
        events.add(new Event("update", id, bundle));
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
