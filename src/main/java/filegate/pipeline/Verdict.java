package filegate.pipeline;

import java.nio.file.Path;

import filegate.source.ItemVerdict;

/** An item's outcome as its source sees it when committing: the deliveries summed up, and their reports. */
final class Verdict implements ItemVerdict {
    private final Item item;
    private final Outcomes outcomes;

    Verdict(Item item, Outcomes outcomes) {
        this.item = item;
        this.outcomes = outcomes;
    }

    @Override
    public boolean delivered() {
        return item.allDelivered();
    }

    @Override
    public boolean held() {
        return item.allDelivered() && outcomes.afterUpload().holds(item);
    }

    @Override
    public boolean sentChangedBytes() {
        return item.deliveries().stream().anyMatch(d -> d.event() == Delivery.Event.CHANGED);
    }

    @Override
    public void writeSidecars(Path target) {
        outcomes.reports().writeSidecars(item, target);
    }

    @Override
    public String reportJson(String advice) {
        return outcomes.reports().sidecarJson(item, advice);
    }

    @Override
    public void writeReports(Path target, String advice) {
        outcomes.reports().writeReports(item, target, advice);
    }
}
