import Foundation

/// Builds a batch's work list from a folder or a manifest CSV, sorted by relative path so
/// every machine and every shard sees the same list.
public enum BatchInputs {
    /// Manifest columns that set reader options; every other column is metadata only.
    public static let readerColumns = ["sample_rate", "unit", "input_format"]

    /// Collects the recordings under `input`.
    ///
    /// A folder is walked recursively: every file `RecordingOpener.detectFormat` accepts,
    /// except hidden files, JSON sidecars (raw layouts, `*.truth.json`), WFDB `.dat` files
    /// (their `.hea` header is the recording) and anything under `exclude` (the output
    /// folder). A file is read as a manifest CSV: a `path` column (relative to the
    /// manifest) and any metadata columns. Throws ``InputError`` for a missing input or a
    /// malformed manifest row.
    public static func collect(
        _ input: String, readerOptions: ReaderOptions = ReaderOptions(), exclude: String? = nil
    ) throws -> [BatchItem] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
            throw InputError(file: input, "no such file or folder")
        }
        let items = isDirectory.boolValue
            ? try walk(folder: input, readerOptions: readerOptions, exclude: exclude)
            : try manifest(input, readerOptions: readerOptions)
        return items.sorted { $0.relativePath < $1.relativePath }
    }

    /// Every recording under `folder` (see ``collect(_:readerOptions:exclude:)``).
    public static func walk(folder: String, readerOptions: ReaderOptions, exclude: String?) throws -> [BatchItem] {
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        let excluded = exclude.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw InputError(file: folder, "cannot list the folder")
        }
        var relativePaths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let full = root + "/" + relative
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || (excluded.map { full == $0 || full.hasPrefix($0 + "/") } ?? false) {
                if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeDirectory {
                    enumerator.skipDescendants()
                }
                continue
            }
            guard enumerator.fileAttributes?[.type] as? FileAttributeType != .typeDirectory else { continue }
            relativePaths.append(relative)
        }
        let present = Set(relativePaths)
        var items: [BatchItem] = []
        for relative in relativePaths where isRecording(relative, root: root, siblings: present, readerOptions: readerOptions) {
            let full = root + "/" + relative
            let (subject, session) = bidsLabels(relative)
            items.append(BatchItem(
                path: full, relativePath: relative, subject: subject, session: session,
                readerOptions: readerOptions, size: fileSize(full)))
        }
        return items
    }

    /// Whether a file found in a folder walk is a recording rather than a sidecar.
    static func isRecording(_ relative: String, root: String, siblings: Set<String>, readerOptions: ReaderOptions) -> Bool {
        let ext = (relative as NSString).pathExtension.lowercased()
        if ext == "json" { return false }
        if ext == "dat" && siblings.contains((relative as NSString).deletingPathExtension + ".hea") { return false }
        if readerOptions.inputFormat != nil { return true }
        return (try? RecordingOpener.detectFormat(root + "/" + relative)) != nil
    }

    /// Subject and session labels from BIDS-like folders (`sub-01/ses-pre/...`).
    public static func bidsLabels(_ relativePath: String) -> (subject: String?, session: String?) {
        let folders = relativePath.split(separator: "/").dropLast()
        var subject: String?
        var session: String?
        for component in folders {
            if component.hasPrefix("sub-"), component.count > 4 { subject = String(component.dropFirst(4)) }
            if component.hasPrefix("ses-"), component.count > 4 { session = String(component.dropFirst(4)) }
        }
        return (subject, session)
    }

    /// Reads a manifest CSV: header with a `path` column, one recording per row.
    public static func manifest(_ manifestPath: String, readerOptions: ReaderOptions) throws -> [BatchItem] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: manifestPath))
        } catch {
            throw InputError(file: manifestPath, "cannot read the manifest: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: manifestPath, "manifest is not UTF-8 text")
        }
        let records = try ManifestCSV.records(text, file: manifestPath)
        guard let header = records.first else {
            throw InputError(file: manifestPath, "empty manifest; expected a header line with a 'path' column")
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let pathColumn = columns.firstIndex(of: "path") else {
            throw InputError(
                file: manifestPath, position: "line \(header.line)",
                "no 'path' column in the header; a batch input is a folder or a manifest CSV with a 'path' column")
        }
        let base = URL(fileURLWithPath: manifestPath).deletingLastPathComponent().standardizedFileURL.path
        var seen: [String: Int] = [:]
        var items: [BatchItem] = []
        for record in records.dropFirst() {
            let position = "line \(record.line)"
            guard record.fields.count == columns.count else {
                throw InputError(
                    file: manifestPath, position: position,
                    "expected \(columns.count) fields (\(columns.joined(separator: ","))), found \(record.fields.count)")
            }
            let relative = record.fields[pathColumn].trimmingCharacters(in: .whitespaces)
            guard !relative.isEmpty else {
                throw InputError(file: manifestPath, position: position + ", column 'path'", "empty path")
            }
            if let first = seen[relative] {
                throw InputError(
                    file: manifestPath, position: position + ", column 'path'",
                    "'\(relative)' is already listed on line \(first)")
            }
            seen[relative] = record.line
            var metadata: [String: String] = [:]
            for (i, name) in columns.enumerated() where i != pathColumn && !name.isEmpty {
                metadata[name] = record.fields[i].trimmingCharacters(in: .whitespaces)
            }
            let options = try readerOptionsFor(metadata, base: readerOptions, file: manifestPath, position: position)
            let full = relative.hasPrefix("/") ? relative : base + "/" + relative
            let bids = bidsLabels(relative)
            items.append(BatchItem(
                path: full, relativePath: relative,
                subject: nonEmpty(metadata["subject"]) ?? bids.subject,
                session: nonEmpty(metadata["session"]) ?? bids.session,
                metadata: metadata, readerOptions: options, size: fileSize(full)))
        }
        return items
    }

    /// Applies the manifest's reader columns (`sample_rate`, `unit`, `input_format`) over
    /// the command-line options.
    static func readerOptionsFor(
        _ metadata: [String: String], base: ReaderOptions, file: String, position: String
    ) throws -> ReaderOptions {
        var options = base
        if let rate = nonEmpty(metadata["sample_rate"]) {
            guard let value = Double(rate), value.isFinite, value > 0 else {
                throw InputError(
                    file: file, position: position + ", column 'sample_rate'",
                    "expected a positive number of Hz, found '\(rate)'")
            }
            options.sampleRate = value
        }
        if let unit = nonEmpty(metadata["unit"]) { options.unit = unit }
        if let format = nonEmpty(metadata["input_format"]) { options.inputFormat = format.lowercased() }
        return options
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
