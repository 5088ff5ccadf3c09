package filegate;

import java.time.Instant;

import filegate.manifest.Manifest;
import filegate.source.Requeue;
import org.apache.camel.CamelContext;

/**
 * {@code --requeue-failed} once Camel has read the configuration and routes (none started): every drop
 * folder's .failed/ back into the folder. What moved is printed on stdout as it happens.
 *
 * @param exitCode 0 all moved back, 1 some file's place was taken, 2 a folder or the manifest could not be used
 */
record RequeueRun(int exitCode) {
    static RequeueRun of(CamelContext ctx, Manifest manifest) {
        try {
            Requeue.Result r = new Requeue(manifest, System.out, Instant.now()).run(Requeue.dropFolders(ctx));
            return new RequeueRun(r.refused() > 0 ? FilegateApp.FILES_FAILED : FilegateApp.OK);
        } catch (RuntimeException e) {
            // a folder held by a running Filegate, one that cannot be listed, a manifest that cannot be written:
            // what moved so far is printed and recorded; the rest stays in .failed/ for the next try
            System.err.println("filegate: " + e.getMessage());
            return new RequeueRun(FilegateApp.CONFIG_ERROR);
        }
    }
}
