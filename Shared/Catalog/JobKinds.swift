/// The pipeline's job kinds, in order, and the services that own them.
public enum JobKinds {
    /// ingest-service: one file, folder entry or received instance becomes a scan.
    public static let ingest = "ingest"
    /// embedding-service: one scan gets its embedding.
    public static let embed = "embed"
    /// clustering-service: the embedded pool gets its map, clusters and round-0 selection.
    public static let cluster = "cluster"
    /// trainer-service: a round's labelled scans train the model.
    public static let train = "train"
    /// selector-service: the model scores the unlabelled pool.
    public static let score = "score"
    /// selector-service: the next batch is picked.
    public static let select = "select"
}
