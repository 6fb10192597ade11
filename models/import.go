package models

// ImportProblem is one thing wrong with an uploaded spreadsheet: its row number as the spreadsheet
// shows it (the header is row 1; 0 for the file as a whole), the column and a message.
type ImportProblem struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}
