/// Reads a copied fail2ban database (placeholder until the database reader lands).
enum Fail2banDatabase {
    static func read(into file: FileResult) {
        file.warnings.append("\(file.input.path): fail2ban database reading is not implemented yet; file skipped")
    }
}
