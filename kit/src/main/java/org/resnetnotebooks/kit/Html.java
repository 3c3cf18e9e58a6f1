package org.resnetnotebooks.kit;

/**
 * Tiny HTML helpers shared by the classes that build output (kept package-private: the kit's
 * public API is about notebooks, not about HTML).
 */
final class Html {

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
            switch (c) {
                case '&':
                    sb.append("&amp;");
                    break;
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                case '\'':
                    sb.append("&#39;");
                    break;
                default:
                    sb.append(c);
            }
        }
        return sb.toString();
    }
}
