package filegate;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker that dies of an {@link Error} (out of memory, a stack overflow, a broken class) leaves its file
 * neither recorded nor failed, and a one-shot run would wait for it forever: Camel lets an Error through
 * its processors, and the thread pool keeps it in a Future nobody reads. Instead the process ends at once
 * with exit 2 and one line saying why: every outcome already recorded stays, no source moved before its
 * outcome was on disk, and the next run takes up what was in flight (intents are reconciled first).
 * <p>
 * Two nets: every processor of every route is wrapped ({@link #interceptor()}), and threads outside
 * Camel's routes fall to the default uncaught-exception handler. Only the command line halts; a test that
 * runs Filegate inside its own JVM gets the Error logged and rethrown.
 */
public final class FatalErrors {
    private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);
    private static volatile boolean halt;

    private FatalErrors() {
    }

    /** For the command line: an Error anywhere ends the process. */
    static void exitOnWorkerError() {
        halt = true;
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (failure instanceof Error error) {
                fatal(thread, error);
            } else if (before != null) {
                before.uncaughtException(thread, failure);
            } else {
                LOG.error("thread {} ended with {}", thread.getName(), failure.toString(), failure);
            }
        });
    }

    /** Ends the process (command line) or logs the Error (inside a test JVM). */
    public static void fatal(Thread thread, Error error) {
        if (!halt) {
            LOG.error("{} in thread {}", error, thread.getName(), error);
            return;
        }
        try {
            System.err.println("filegate: stopping (exit 2): " + error.getClass().getSimpleName() + " in thread "
                    + thread.getName() + ": " + error.getMessage() + "; nothing in flight was recorded as done,"
                    + " the next run takes it up" + (error instanceof OutOfMemoryError
                    ? " (the heap is too small for this run: give the JVM more with -Xmx, e.g. -Xmx512m)" : ""));
            System.err.flush();
        } finally {
            // halt, not exit: shutdown hooks would wait for the very work that can no longer finish
            Runtime.getRuntime().halt(FilegateApp.CONFIG_ERROR);
        }
    }

    /** Wraps every processor of every route so that an Error thrown in it is never swallowed. */
    static InterceptStrategy interceptor() {
        return new InterceptStrategy() {
            @Override
            public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                         Processor nextTarget) {
                AsyncProcessor async = AsyncProcessorConverterHelper.convert(target);
                return new DelegateAsyncProcessor(async) {
                    @Override
                    public boolean process(Exchange exchange, AsyncCallback callback) {
                        try {
                            return processor.process(exchange, callback);
                        } catch (Error e) {
                            fatal(Thread.currentThread(), e);
                            throw e;
                        }
                    }
                };
            }
        };
    }
}
