//! Scanning a page's text: lines with their places, headings, tables and code blocks,
//! tolerant of the variations WeChat's pages and their conversions show.
