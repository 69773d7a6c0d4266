import SafeTensors

/// Loading and saving a layer's state dict as safetensors under PyTorch names.
extension Layer {
    /// Copies every tensor of the state dict from `file`, checking shapes. Optional buffers
    /// (num_batches_tracked) may be missing; anything else missing or misshapen is an error naming it.
    public func loadState(from file: SafeTensorsFile, prefix: String = "") throws(EngineError) {
        for entry in state(prefix: prefix) {
            guard let stored = file.entries[entry.name] else {
                if entry.kind == .optionalBuffer { continue }
                throw .missingParameter(name: entry.name, file: file.source)
            }
            let expected = entry.tensor.value.shape
            // PyTorch stores scalars as shape [] and some exporters as [1]; both hold one value.
            let sameSize = stored.shape == expected || (expected.isEmpty && stored.elementCount == 1)
            guard sameSize else {
                throw .shapeMismatch(name: entry.name, file: file.source, expected: expected, found: stored.shape)
            }
            do {
                entry.tensor.value = Tensor(shape: expected, data: try file.floats(entry.name))
            } catch {
                throw .invalidCheckpoint(file: file.source, reason: error.description)
            }
        }
    }

    public func loadState(contentsOf path: String) throws(EngineError) {
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile(contentsOf: path)
        } catch {
            throw .invalidCheckpoint(file: path, reason: error.description)
        }
        try loadState(from: file)
    }

    /// Adds the state dict to `writer` (all float32; PyTorch's load_state_dict converts counters back).
    public func addState(to writer: inout SafeTensorsWriter, prefix: String = "") {
        for entry in state(prefix: prefix) {
            writer.add(entry.name, floats: entry.tensor.value.data, shape: entry.tensor.value.shape)
        }
    }

    /// The state dict as a safetensors file.
    public func serializedState(metadata: [String: String] = [:]) -> [UInt8] {
        var writer = SafeTensorsWriter(metadata: metadata)
        addState(to: &writer)
        return writer.serialized()
    }
}
