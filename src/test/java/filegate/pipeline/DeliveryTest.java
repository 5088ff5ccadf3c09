package filegate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import filegate.provider.FileRecord;
import org.junit.jupiter.api.Test;

/** A delivery's state moves only through its named transitions; what each one leaves behind. */
class DeliveryTest {
    private static Delivery fresh() {
        return new Delivery(null, "fine-tune");
    }

    @Test
    void anInterruptedIntentIsResumedByLookingAtTheFileListFirst() {
        Delivery d = fresh();
        assertFalse(d.decided());
        d.resumingIntent("attempt-1", 1_000L);
        assertEquals("attempt-1", d.attemptId());
        assertEquals(1_000L, d.intentEpochMillis());
        assertTrue(d.reconcileFirst());
        FileRecord found = FileRecord.known("file-1", 10, "fine-tune");
        d.reconciled(found);
        assertEquals(Delivery.Event.UPLOADED, d.event());
        assertSame(found, d.record());
        assertTrue(d.wasReconciled());
        assertFalse(d.reconcileFirst());
    }

    @Test
    void aListThatCannotBeReadIsNotedAndTheUploadGoesAhead() {
        Delivery d = fresh();
        d.mayHaveArrived();
        d.reconcileSkipped("failed: the file list answered 403");
        assertFalse(d.reconcileFirst());
        assertEquals("failed: the file list answered 403", d.reconcileNote());
        assertFalse(d.decided());
    }

    @Test
    void waitsAreCountedApartFromFailedTries() {
        Delivery d = fresh();
        d.attemptStarted();
        d.waitBooked(2_000);
        assertTrue(d.lastWasWait());
        d.attemptStarted();
        assertFalse(d.lastWasWait(), "a new try starts with no wait pending");
        assertEquals(2, d.attempts());
        assertEquals(1, d.waits());
        assertEquals(2_000, d.waitedMs());
    }

    @Test
    void failedAndRejectedKeepWhatAPersonNeeds() {
        Delivery d = fresh();
        d.failed(Map.of("type", "IOException"), "check the network", true);
        assertEquals(Delivery.Event.FAILED, d.event());
        assertTrue(d.ambiguous());
        assertEquals("check the network", d.hint());
        Delivery r = fresh();
        r.rejected(Map.of("code", "PROVIDER_REFUSES"), null, "change the rule");
        assertEquals(Delivery.Event.REJECTED, r.event());
        assertNull(r.report());
        assertEquals("change the rule", r.hint());
    }

    @Test
    void inFlightIsCountedOnceAndTheContentHoldIsWhatRecordingFrees() {
        Delivery d = fresh();
        AtomicInteger freed = new AtomicInteger();
        d.holding(freed::incrementAndGet);
        assertTrue(d.takeOff());
        assertFalse(d.takeOff(), "already in flight: not counted twice");
        assertTrue(d.land());
        assertFalse(d.land(), "landed once only");
        d.releaseContent();
        assertEquals(1, freed.get());
    }
}
