package dev.cvt4j.image;

import java.util.Optional;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Look-ups in an ImageIO metadata tree in a plugin's native format (e.g. {@code javax_imageio_png_1.0}). */
final class MetadataTree {
    private final Node root;

    private MetadataTree(Node root) {
        this.root = root;
    }

    /** The tree of {@code metadata} in {@code format}; an empty tree when there is no metadata. */
    static MetadataTree of(IIOMetadata metadata, String format) {
        return new MetadataTree(metadata == null ? null : metadata.getAsTree(format));
    }

    /** The first element named {@code name}, depth first. */
    Optional<Element> find(String name) {
        return Optional.ofNullable(find(root, name));
    }

    /** The attribute {@code attribute} of the first element named {@code element}. */
    Optional<String> attribute(String element, String attribute) {
        return find(element).filter(e -> e.hasAttribute(attribute)).map(e -> e.getAttribute(attribute));
    }

    /** The integer attribute {@code attribute} of the first element named {@code element}, or {@code otherwise}. */
    int intAttribute(String element, String attribute, int otherwise) {
        return attribute(element, attribute).map(Integer::parseInt).orElse(otherwise);
    }

    private static Element find(Node node, String name) {
        if (node == null) {
            return null;
        }
        if (node instanceof Element e && e.getNodeName().equals(name)) {
            return e;
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            Element found = find(child, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
