// Package sheets reads uploaded spreadsheets: ReadTable turns the first sheet of an .xlsx file, or a
// UTF-8 CSV file, into rows of cell strings, refusing (with a message a person can act on) files that
// are too large, not tables, or zip bombs. It knows nothing of the database, of Fiber or of what the
// rows mean; the models package reads the rows into firms and contacts.
package sheets
