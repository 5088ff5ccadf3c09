package filegate.source;

import java.io.File;

import org.apache.camel.component.file.GenericFile;

/** How a file from a drop folder is named in rules and in the manifest. */
public final class SourcePaths {
    private SourcePaths() {
    }

    /** Path relative to the drop folder, '/'-separated: what rules match. */
    public static String relative(GenericFile<File> file) {
        return file.getRelativeFilePath().replace(File.separatorChar, '/');
    }

    /** The drop folder as configured followed by the relative path: what the manifest calls the source. */
    public static String display(GenericFile<File> file) {
        String root = file.getEndpointPath().replace(File.separatorChar, '/');
        if (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root + "/" + relative(file);
    }
}
