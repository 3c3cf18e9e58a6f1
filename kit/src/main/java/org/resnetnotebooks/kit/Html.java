package org.resnetnotebooks.kit;

/**
 * Tiny HTML helpers shared by the classes that build output (kept package-private: the kit's
 * public API is about notebooks, not about HTML).
 */
final class Html {

    /** The characters that have a meaning in HTML, and what stands for each. */
    private static final String SPECIAL = "&<>\"'";
    private static final String[] ENTITIES = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};

    private Html() {}

    /**
     * Escapes text for use inside HTML elements and attribute values.
     *
     * @param text any text, may be {@code null}
     * @return the escaped text ({@code ""} for {@code null})
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int special = SPECIAL.indexOf(c);
            if (special < 0) {
                sb.append(c);
            } else {
                sb.append(ENTITIES[special]);
            }
        }
        return sb.toString();
    }
}
