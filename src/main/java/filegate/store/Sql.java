package filegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import filegate.manifest.ManifestException;

/** One statement on a pooled connection, with the store named in what goes wrong; no ORM, no template. */
final class Sql {
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final DataSource ds;
    private final String where;

    Sql(DataSource ds, String where) {
        this.ds = ds;
        this.where = where;
    }

    <T> List<T> list(String sql, Binder binder, Row<T> row) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.read(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    <T> Optional<T> one(String sql, Binder binder, Row<T> row) {
        List<T> all = list(sql, binder, row);
        return all.isEmpty() ? Optional.empty() : Optional.ofNullable(all.get(0));
    }

    boolean exists(String sql, Binder binder) {
        return one(sql, binder, rs -> Boolean.TRUE).isPresent();
    }

    int update(String sql, Binder binder) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    ManifestException failure(SQLException e) {
        return new ManifestException("the store " + where + " cannot be used: " + e.getMessage()
                + " (the source is left where it is and tried again)", e);
    }
}
