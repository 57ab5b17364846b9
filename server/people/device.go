package people

import "strings"

// describeBrowser turns a User-Agent into the few words a person recognises their own
// device by ("Edge on Windows", "Safari on iPhone"). Only these words are kept, not the
// whole header: enough to tell sessions apart, less to hold about anyone.
func describeBrowser(ua string) string {
	browser, system := "", ""
	for _, b := range [][2]string{{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"FxiOS/", "Firefox"},
		{"CriOS/", "Chrome"}, {"SamsungBrowser/", "Samsung Internet"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}} {
		if strings.Contains(ua, b[0]) {
			browser = b[1]
			break
		}
	}
	for _, o := range [][2]string{{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"}, {"Windows", "Windows"},
		{"CrOS", "ChromeOS"}, {"Mac OS X", "Mac"}, {"Macintosh", "Mac"}, {"Linux", "Linux"}} {
		if strings.Contains(ua, o[0]) {
			system = o[1]
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "":
		return browser
	case system != "":
		return "A browser on " + system
	}
	return "An unknown browser"
}
