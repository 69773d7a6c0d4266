import Catalog
import Database
import Foundation
import PostgresNIO
import TestSupport
import XCTest

/// The views an analyst reads without the schema: documented, and showing what the pipeline recorded.
final class OperatorViewsTests: XCTestCase {
    func testEveryViewAndEveryViewColumnHasAComment() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let undocumented = try await withClient(url) { client, _ in
            try await scalar(client, """
                SELECT coalesce(string_agg(name, ', ' ORDER BY name), '') FROM (
                    SELECT c.relname AS name FROM pg_class c
                    WHERE c.relkind = 'v' AND c.relnamespace = 'public'::regnamespace AND obj_description(c.oid) IS NULL
                    UNION ALL
                    SELECT c.relname || '.' || a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
                    WHERE c.relkind = 'v' AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0
                      AND col_description(c.oid, a.attnum) IS NULL) missing
                """, as: String.self)
        }
        XCTAssertEqual(undocumented, "", "views or columns without COMMENT ON")
    }

    func testTheViewsShowPicksWithTheirSourceLabelStatusTrainingAndQueueErrors() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            let scans = try await LifecycleSchemaTests.projectOfThree("views", client: client, logger: logger)
            try await LifecycleSchemaTests.coldStart("views", picks: [scans[0], scans[1]], mapOf: scans, client: client,
                                                     logger: logger)
            let pick = try await scalar(client, """
                SELECT embedding || ' ' || space || ' ' || source_ref FROM selection_current
                WHERE project = 'views' AND rank = 1
                """, as: String.self)
            XCTAssertEqual(pick, "test@none map scan-0", "embedding and space apart, with the scan's source")

            _ = try await client.withCatalog(logger: logger) { catalog in
                try await catalog.insertModel(project: "views", round: 0, checkpointPath: "m", labelled: [scans[0]],
                                              validationJSON: #"{"dice": 0.75, "best_epoch": 3, "epochs_completed": 5}"#,
                                              curveJSON: "[]", seconds: 12)
                try await catalog.insertModel(project: "views", round: 1, checkpointPath: "m1", labelled: [scans[0], scans[1]],
                                              validationJSON: #"{"dice": 0.8}"#, curveJSON: "[]",
                                              testJSON: #"{"cases": 7, "dice": 0.625, "hd95": 4.5, "unit": "mm", "labels": []}"#,
                                              seconds: 20)
            }
            let curve = try await scalar(client, """
                SELECT string_agg(labelled || ' ' || validation_dice || ' ' || coalesce(best_epoch::text, '-') || ' '
                                  || coalesce(test_cases::text, '-') || ' ' || coalesce(test_dice::text, '-') || ' '
                                  || coalesce(test_hd95::text, '-') || ' ' || coalesce(test_distance_unit, '-'),
                                  ' | ' ORDER BY round)
                FROM learning_curve WHERE project = 'views'
                """, as: String.self)
            XCTAssertEqual(curve, "1 0.75 3 - - - - | 2 0.8 - 7 0.625 4.5 mm", "no test metrics without labelled test scans")

            try await client.query("UPDATE scans SET state = 'failed', last_error = 'unreadable' WHERE id = \(scans[2])",
                                   logger: logger)
            let statuses = try await scalar(client, """
                SELECT string_agg(label_status || ':' || coalesce(picked_in_round::text, '-') || ':' || coalesce(last_error, '-'),
                                  ' ' ORDER BY source_ref)
                FROM scan_status WHERE project = 'views'
                """, as: String.self)
            XCTAssertEqual(statuses, "awaiting:0:- awaiting:0:- unlabelled:-:unreadable")

            try await client.query("""
                INSERT INTO jobs (kind, project_id, state, last_error, updated_at) VALUES
                    ('embed', 'views', 'dead', 'older error', now() - interval '1 hour'),
                    ('embed', 'views', 'dead', 'newest error', now()),
                    ('embed', NULL, 'dead', 'another project', now())
                """, logger: logger)
            let queue = try await scalar(client, """
                SELECT count || ' ' || last_error FROM queue_status WHERE kind = 'embed' AND state = 'dead' AND project = 'views'
                """, as: String.self)
            XCTAssertEqual(queue, "2 newest error")
        }
    }

    /// Rows written before 006: active-learning rounds kept their distance space in `embedding`.
    func testTheMigrationMovesTheSpaceOutOfEmbedding() async throws {
        let url = try await TestDatabase.shared.freshDatabase(migrated: false)
        let migrations = try TestPaths.migrations()
        let before = migrations.filter { $0.version < "006" }
        XCTAssertLessThan(before.count, migrations.count, "006 exists")
        try await withClient(url) { client, logger in
            _ = try await Migrator(client: client, logger: logger, migrations: before).migrate()
            try await client.query("""
                WITH p AS (INSERT INTO projects (id) VALUES ('old') RETURNING id),
                     s AS (INSERT INTO scans (project_id, dims, working_shape, original_shape, source_kind, source_ref,
                                              content_hash, tensor_path)
                           SELECT id, 2, '{4,4}', '{4,4}', 'file', 'a.png', 'h', 't' FROM p RETURNING id, project_id),
                     c AS (INSERT INTO cluster_runs (project_id, encoder, weights_checksum, space, k, silhouette_curve,
                                                     created_at)
                           SELECT project_id, 'resnet50', '0123456789abcdef', 'embedding', 2, '[]', now() - interval '1 day'
                           FROM s RETURNING id, project_id),
                     r AS (INSERT INTO rounds (project_id, number, strategy, cluster_run_id)
                           SELECT project_id, 0, 'paper', id FROM c RETURNING project_id)
                INSERT INTO selections (project_id, round, rank, scan_id, strategy, reason, embedding)
                SELECT s.project_id, round, 1, s.id, 'x', 'r', embedding
                FROM s, (VALUES (0, 'resnet50@0123456789ab'), (1, 'map'), (2, 'embedding:resnet50'), (3, NULL))
                        AS v(round, embedding)
                """, logger: logger)
            _ = try await Migrator(client: client, logger: logger, migrations: migrations).migrate()
            let rows = try await scalar(client, """
                SELECT string_agg(round || ':' || coalesce(embedding, '-') || ':' || coalesce(space, '-'), ' ' ORDER BY round)
                FROM selections WHERE project_id = 'old'
                """, as: String.self)
            XCTAssertEqual(rows, "0:resnet50@0123456789ab:embedding 1:resnet50@0123456789ab:map "
                               + "2:resnet50@0123456789ab:embedding 3:resnet50@0123456789ab:-")
        }
    }
}
